package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code sandbox pause ID}: keeps its filesystem and memory; {@code resume} brings it back. */
@Command(name = "pause", aliases = "ps", mixinStandardHelpOptions = true, description = "Pause a sandbox (filesystem and memory are kept).")
final class PauseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "sandboxID")
    String sandboxId;

    @Override
    public Integer call() {
        boolean paused = connection.client().pause(sandboxId);
        spec.commandLine().getOut().println(paused ? "Paused sandbox " + sandboxId : "Sandbox " + sandboxId + " was already paused");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
