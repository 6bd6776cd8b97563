package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sandbox create [template]}: creates a sandbox and prints its id (no terminal is attached). */
@Command(name = "create", aliases = "cr", mixinStandardHelpOptions = true,
        description = "Create a sandbox and print its id. No terminal is attached: -d/--detach is the only mode.")
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(arity = "0..1", defaultValue = CreateSandboxRequest.DEFAULT_TEMPLATE, paramLabel = "template",
            description = "The template (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Seconds until the sandbox times out (default: 300).")
    Long timeoutSeconds;

    @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "Metadata to attach (repeatable).")
    List<String> metadata = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "An environment variable of the sandbox (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--lifecycle.ontimeout", paramLabel = "pause|kill", description = "What the timeout does: kill (default) or pause.")
    Lifecycle.OnTimeout onTimeout;

    @Option(names = "--lifecycle.autoresume", description = "Resume the paused sandbox when it is used; needs --lifecycle.ontimeout pause.")
    boolean autoResume;

    @Option(names = {"-d", "--detach"}, description = "Accepted for E2B's CLI: sandboxes are always created detached.")
    boolean detach;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty (the id) or json.")
    Format format;

    @Override
    public Integer call() {
        CreateSandboxRequest.Builder request = CreateSandboxRequest.builder().template(template)
                .metadata(Sandboxes.pairs(metadata, "--metadata")).envs(Sandboxes.pairs(env, "--env"));
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 0) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--timeout must not be negative, was " + timeoutSeconds);
            }
            request.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (autoResume && onTimeout != Lifecycle.OnTimeout.PAUSE) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--lifecycle.autoresume needs --lifecycle.ontimeout pause");
        }
        if (onTimeout != null) {
            request.lifecycle(onTimeout == Lifecycle.OnTimeout.PAUSE ? Lifecycle.pauseOnTimeout(autoResume) : Lifecycle.killOnTimeout());
        }
        SandboxClient client = connection.client();
        Sandbox sandbox = client.create(request.build());
        if (format == Format.JSON) {
            Output.json(spec.commandLine().getOut(), Output.sandbox(client.getInfo(sandbox.id())));
        } else {
            spec.commandLine().getOut().println(sandbox.id());
        }
        return ExitCodes.OK;
    }
}
