package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.cli.SandboxEmulatorCli;
import dev.sandboxemulator.client.SandboxClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * Where the {@code sandbox} commands send their requests, and with which key: flags, else the
 * SDKs' environment ({@code NOVITA_API_URL}, {@code NOVITA_SANDBOX_URL}, {@code NOVITA_API_KEY}, and
 * {@code NOVITA_DOMAIN}), so that the same commands drive the emulator or the real service.
 */
public final class Connection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--api-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The control plane (default: $NOVITA_API_URL, else the real service).")
    String apiUrl;

    @Option(names = "--sandbox-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "envd of every sandbox, as the emulator serves it (default: $NOVITA_SANDBOX_URL).")
    String sandboxUrl;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY", description = "The API key (default: $NOVITA_API_KEY).")
    String apiKey;

    /** A client with these settings. */
    SandboxClient client() {
        Map<String, String> environment = ((SandboxEmulatorCli) mixee.root().userObject()).environment();
        SandboxClient.Builder builder = SandboxClient.builder().environment(environment);
        if (apiUrl != null) {
            builder.apiUrl(apiUrl);
        }
        if (sandboxUrl != null) {
            builder.sandboxUrl(sandboxUrl);
        }
        String key = apiKey != null ? apiKey : environment.get("NOVITA_API_KEY");
        if (key == null || key.isBlank()) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS,
                    "no API key: set NOVITA_API_KEY or pass --api-key (the emulator takes any non-empty key)");
        }
        builder.apiKey(key);
        return builder.build();
    }
}
