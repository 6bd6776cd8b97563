package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code sandbox info ID}: what the control plane reports about one sandbox. */
@Command(name = "info", aliases = "in", mixinStandardHelpOptions = true, description = "Show information for a sandbox.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "sandboxID")
    String sandboxId;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty or json.")
    Format format;

    @Override
    public Integer call() {
        SandboxInfo info = connection.client().getInfo(sandboxId);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            Output.json(out, Output.sandbox(info));
            return ExitCodes.OK;
        }
        out.println("Sandbox ID:    " + info.sandboxId());
        out.println("Template:      " + info.templateId() + info.alias().map(alias -> " (" + alias + ")").orElse(""));
        out.println("State:         " + info.state().wireValue());
        out.println("Started at:    " + Output.time(info.startedAt()));
        out.println("Ends at:       " + Output.time(info.endAt()));
        out.println("CPUs / memory: " + info.cpuCount() + " / " + info.memoryMb() + " MiB, disk " + info.diskSizeMb() + " MiB");
        out.println("envd version:  " + info.envdVersion());
        out.println("Metadata:      " + Output.pairs(info.metadata()));
        info.lifecycle().ifPresent(lifecycle -> out.println("Lifecycle:     on timeout " + lifecycle.onTimeout().wireValue()
                + (lifecycle.autoResume() ? ", auto-resume" : "")));
        out.flush();
        return ExitCodes.OK;
    }
}
