package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code sandbox kill ID... | -a [-s state] [-m k=v]}. */
@Command(name = "kill", aliases = "kl", mixinStandardHelpOptions = true,
        description = "Kill sandboxes: those named, or with -a all of them (running ones unless -s says otherwise).")
final class KillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(arity = "0..*", paramLabel = "sandboxIDs")
    List<String> sandboxIds = new ArrayList<>();

    @Option(names = {"-a", "--all"}, description = "Kill every sandbox (that -s and -m select).")
    boolean all;

    @Option(names = {"-s", "--state"}, description = "With -a: running, paused, or running,paused (default: running).")
    String state;

    @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "With -a: only sandboxes with this metadata.")
    List<String> metadata = new ArrayList<>();

    @Override
    public Integer call() {
        if (all == !sandboxIds.isEmpty()) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, all ? "name sandboxes or use -a/--all, not both"
                    : "name the sandboxes to kill, or use -a/--all");
        }
        if (!all && (state != null || !metadata.isEmpty())) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "-s/--state and -m/--metadata select sandboxes only with -a/--all");
        }
        SandboxClient client = connection.client();
        List<String> targets = sandboxIds;
        if (all) {
            ListSandboxesRequest request = ListSandboxesRequest.builder()
                    .states(new HashSet<>(Sandboxes.states(state == null ? "running" : state)))
                    .metadata(Sandboxes.pairs(metadata, "--metadata")).build();
            targets = client.listAll(request).map(SandboxInfo::sandboxId).collect(Collectors.toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> unknown = new ArrayList<>();
        for (String id : targets) {
            if (client.kill(id)) {
                out.println("Killed sandbox " + id);
            } else {
                unknown.add(id);
            }
        }
        if (all && targets.isEmpty()) {
            out.println("No sandboxes to kill");
        }
        out.flush();
        if (!unknown.isEmpty()) {
            throw Sandboxes.notFound("sandbox", unknown);
        }
        return ExitCodes.OK;
    }
}
