package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code sandbox resume ID}: a paused sandbox runs again, with a fresh timeout. */
@Command(name = "resume", aliases = "rs", mixinStandardHelpOptions = true, description = "Resume a paused sandbox.")
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "sandboxID")
    String sandboxId;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Seconds it runs from now (default: 300).")
    Long timeoutSeconds;

    @Override
    public Integer call() {
        Duration timeout = SandboxClient.DEFAULT_CONNECT_TIMEOUT;
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 0) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--timeout must not be negative, was " + timeoutSeconds);
            }
            timeout = Duration.ofSeconds(timeoutSeconds);
        }
        SandboxClient client = connection.client();
        if (client.getInfo(sandboxId).state() == SandboxState.RUNNING) {
            spec.commandLine().getOut().println("Sandbox " + sandboxId + " is already running");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        client.connect(sandboxId, timeout);
        spec.commandLine().getOut().println("Resumed sandbox " + sandboxId);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
