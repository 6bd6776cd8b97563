package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.ListSnapshotsRequest;
import dev.sandboxemulator.client.SnapshotInfo;
import dev.sandboxemulator.client.SnapshotPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code sandbox snapshot create|list|delete}: snapshot templates, which new sandboxes can start from. */
@Command(name = "snapshot", aliases = "snap", mixinStandardHelpOptions = true, description = "Work with sandbox snapshots.",
        subcommands = {SnapshotCommand.CreateSnapshot.class, SnapshotCommand.ListSnapshots.class, SnapshotCommand.DeleteSnapshots.class})
final class SnapshotCommand {

    @Command(name = "create", aliases = "cr", mixinStandardHelpOptions = true,
            description = "Create a snapshot of a sandbox and print its id (a template that sandboxes can be created from).")
    static final class CreateSnapshot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "sandboxID")
        String sandboxId;

        @Option(names = {"-n", "--name"}, description = "A name for the snapshot template; a name in use gets a new build.")
        String name;

        @Override
        public Integer call() {
            SnapshotInfo snapshot = name == null ? connection.client().createSnapshot(sandboxId)
                    : connection.client().createSnapshot(sandboxId, name);
            spec.commandLine().getOut().println(snapshot.snapshotId());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List snapshots.")
    static final class ListSnapshots implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(arity = "0..1", paramLabel = "sandboxID", description = "Only snapshots of this sandbox.")
        String sandboxId;

        @Option(names = {"-n", "--name"}, description = "Only snapshots with this name or id, optionally tag-qualified (name:v1).")
        String name;

        @Option(names = {"-l", "--limit"}, defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}; 0 for no limit).")
        int limit;

        @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty or json.")
        Format format;

        @Override
        public Integer call() {
            if (limit < 0) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--limit must not be negative, was " + limit);
            }
            ListSnapshotsRequest.Builder builder = ListSnapshotsRequest.builder();
            if (sandboxId != null) {
                builder.sandboxId(sandboxId);
            }
            if (name != null) {
                builder.name(name);
            }
            List<SnapshotInfo> snapshots = new ArrayList<>();
            ListSnapshotsRequest request = builder.build();
            while (true) {
                SnapshotPage page = connection.client().listSnapshots(request);
                snapshots.addAll(page.snapshots());
                if (!page.hasNext() || (limit > 0 && snapshots.size() >= limit)) {
                    break;
                }
                request = page.nextRequest();
            }
            if (limit > 0 && snapshots.size() > limit) {
                snapshots = snapshots.subList(0, limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                ArrayNode array = Output.array();
                for (SnapshotInfo snapshot : snapshots) {
                    ObjectNode node = array.addObject();
                    node.put("snapshotId", snapshot.snapshotId());
                    ArrayNode names = node.putArray("names");
                    snapshot.names().forEach(names::add);
                }
                Output.json(out, array);
            } else {
                Output.table(out, List.of("SNAPSHOT ID", "NAMES"), snapshots.stream()
                        .map(s -> List.of(s.snapshotId(), s.names().isEmpty() ? "-" : String.join(", ", s.names())))
                        .collect(Collectors.toList()), "No snapshots found");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", aliases = "dl", mixinStandardHelpOptions = true, description = "Delete snapshots.")
    static final class DeleteSnapshots implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(arity = "1..*", paramLabel = "snapshotIDs")
        List<String> snapshotIds = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> unknown = new ArrayList<>();
            for (String id : snapshotIds) {
                if (connection.client().deleteSnapshot(id)) {
                    out.println("Deleted snapshot " + id);
                } else {
                    unknown.add(id);
                }
            }
            out.flush();
            if (!unknown.isEmpty()) {
                throw Sandboxes.notFound("snapshot", unknown);
            }
            return ExitCodes.OK;
        }
    }
}
