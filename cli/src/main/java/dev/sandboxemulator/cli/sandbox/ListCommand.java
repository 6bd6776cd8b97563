package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code sandbox list}: the team's sandboxes, running ones by default. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List sandboxes; by default only running ones.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = {"-s", "--state"}, defaultValue = "running", description = "running, paused, or running,paused (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "Only sandboxes with this metadata (repeatable, or k1=v1,k2=v2).")
    List<String> metadata = new ArrayList<>();

    @Option(names = {"-t", "--template"}, description = "Only sandboxes of this template id or alias.")
    String template;

    @Option(names = {"-l", "--limit"}, defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}; 0 for no limit).")
    int limit;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty or json.")
    Format format;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--limit must not be negative, was " + limit);
        }
        ListSandboxesRequest request = ListSandboxesRequest.builder().states(new HashSet<>(Sandboxes.states(state)))
                .metadata(Sandboxes.pairs(metadata, "--metadata")).build();
        Stream<SandboxInfo> found = connection.client().listAll(request)
                .filter(info -> template == null || template.equals(info.templateId()) || info.alias().filter(template::equals).isPresent());
        List<SandboxInfo> sandboxes = (limit == 0 ? found : found.limit(limit)).collect(Collectors.toList());
        if (format == Format.JSON) {
            ArrayNode array = Output.array();
            sandboxes.forEach(info -> array.add(Output.sandbox(info)));
            Output.json(spec.commandLine().getOut(), array);
        } else {
            Output.table(spec.commandLine().getOut(), List.of("SANDBOX ID", "TEMPLATE", "STATE", "STARTED AT", "END AT", "METADATA"),
                    sandboxes.stream().map(info -> List.of(info.sandboxId(), info.alias().orElse(info.templateId()),
                            info.state().wireValue(), Output.time(info.startedAt()), Output.time(info.endAt()),
                            Output.pairs(info.metadata()))).collect(Collectors.toList()),
                    "No sandboxes found");
        }
        return ExitCodes.OK;
    }
}
