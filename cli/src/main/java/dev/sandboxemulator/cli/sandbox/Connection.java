package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.cli.SandboxEmulatorCli;
import dev.sandboxemulator.client.SandboxClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@code sandbox} commands send their requests, and with which key: flags, else the
 * SDKs' environment ({@code NOVITA_API_URL}, {@code NOVITA_SANDBOX_URL}, {@code NOVITA_API_KEY}, and
 * {@code NOVITA_DOMAIN}), else E2B's ({@code E2B_API_URL}, {@code E2B_SANDBOX_URL}, {@code E2B_API_KEY}),
 * so that the same commands drive the emulator or the real service.
 */
public final class Connection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--api-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The control plane (default: $NOVITA_API_URL, else $E2B_API_URL, else the real service).")
    String apiUrl;

    @Option(names = "--sandbox-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "envd of every sandbox, as the emulator serves it (default: $NOVITA_SANDBOX_URL, else $E2B_SANDBOX_URL).")
    String sandboxUrl;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY", description = "The API key (default: $NOVITA_API_KEY, else $E2B_API_KEY).")
    String apiKey;

    /** A client with these settings. */
    SandboxClient client() {
        Map<String, String> environment = ((SandboxEmulatorCli) mixee.root().userObject()).environment();
        SandboxClient.Builder builder = SandboxClient.builder().environment(environment);
        firstOf(apiUrl, environment, "NOVITA_API_URL", "E2B_API_URL").ifPresent(builder::apiUrl);
        firstOf(sandboxUrl, environment, "NOVITA_SANDBOX_URL", "E2B_SANDBOX_URL").ifPresent(builder::sandboxUrl);
        String key = firstOf(apiKey, environment, "NOVITA_API_KEY", "E2B_API_KEY").orElseThrow(() -> new CommandFailure(
                ExitCodes.BAD_ARGUMENTS, "no API key: set NOVITA_API_KEY (or E2B_API_KEY) or pass --api-key"
                        + " (the emulator takes any non-empty key)"));
        builder.apiKey(key);
        return builder.build();
    }

    /** The flag's value, else the first of the variables that is set and not blank. */
    private static Optional<String> firstOf(String flag, Map<String, String> environment, String... variables) {
        if (flag != null) {
            return Optional.of(flag);
        }
        return Arrays.stream(variables).map(environment::get).filter(value -> value != null && !value.isBlank()).findFirst();
    }
}
