package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.SandboxMetric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code sandbox metrics ID}: the resource-usage samples the service keeps. */
@Command(name = "metrics", aliases = "mt", mixinStandardHelpOptions = true, description = "Show metrics for a sandbox.")
final class MetricsCommand implements Callable<Integer> {
    private static final long MIB = 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "sandboxID")
    String sandboxId;

    @Option(names = "--format", defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty or json (as E2B's CLI, where -f is --follow).")
    Format format;

    @Override
    public Integer call() {
        List<SandboxMetric> metrics = connection.client().getMetrics(sandboxId);
        if (format == Format.JSON) {
            ArrayNode array = Output.array();
            for (SandboxMetric metric : metrics) {
                ObjectNode node = array.addObject();
                node.put("timestamp", Output.time(metric.timestamp()));
                node.put("cpuUsedPct", metric.cpuUsedPct());
                node.put("cpuCount", metric.cpuCount());
                node.put("memUsed", metric.memUsed());
                node.put("memTotal", metric.memTotal());
                node.put("diskUsed", metric.diskUsed());
                node.put("diskTotal", metric.diskTotal());
            }
            Output.json(spec.commandLine().getOut(), array);
            return ExitCodes.OK;
        }
        Output.table(spec.commandLine().getOut(), List.of("TIMESTAMP", "CPU", "MEMORY", "DISK"),
                metrics.stream().map(metric -> List.of(Output.time(metric.timestamp()),
                        String.format(Locale.ROOT, "%.1f%% of %d", metric.cpuUsedPct(), metric.cpuCount()),
                        metric.memUsed() / MIB + " / " + metric.memTotal() / MIB + " MiB",
                        metric.diskUsed() / MIB + " / " + metric.diskTotal() / MIB + " MiB")).collect(Collectors.toList()),
                "No metrics yet for sandbox " + sandboxId);
        return ExitCodes.OK;
    }
}
