package dev.sandboxemulator.bench.report;

import dev.sandboxemulator.bench.Results;

import java.util.List;
import java.util.Optional;

/**
 * A comparison the report computes at each row of an experiment: the median of one series over the
 * median of a reference, both measured in the same run. The reference is another series at the same
 * row (a floor, a baseline backend), or one fixed row (the smallest parameter) to show how cost grows.
 *
 * @param label             the column heading
 * @param series            the measured series
 * @param reference         the reference series
 * @param referenceRow      the fixed reference row, or {@code null} for the same row
 */
record Ratio(String label, String series, String reference, String referenceRow) {

    static Ratio against(String label, String series, String reference) {
        return new Ratio(label, series, reference, null);
    }

    static Ratio againstRow(String label, String series, String row) {
        return new Ratio(label, series, series, row);
    }

    Optional<Double> at(Results results, String experiment, String row) {
        return results.median(experiment, series, row)
                .flatMap(value -> results.median(experiment, reference, referenceRow == null ? row : referenceRow).map(r -> value / r));
    }

    /** The comparisons the report draws for each experiment, by id. */
    static List<Ratio> of(String experiment) {
        return switch (experiment) {
            case "container-clone-vs-memory" -> Targets.ENGINES.stream().flatMap(e -> List.of(
                    against(e + " clone ÷ floor (dump + restore)", e + " clone", "floor: dump + restore"),
                    against(e + " stall ÷ floor (dump)", e + " stall", "floor: criu dump"),
                    against(e + " by hand ÷ " + e + " clone", e + " by hand", e + " clone")).stream()).toList();
            case "container-clone-vs-count" -> Targets.ENGINES.stream()
                    .map(e -> againstRow(e + " ÷ one copy", e + " clone", "1")).toList();
            case "container-lifecycle" -> Targets.ENGINES.stream().map(e -> against(e + " ÷ simulated", e, "simulated")).toList();
            case "simulated-clone-vs-count" -> List.of(againstRow("÷ one copy", "clone", "1"));
            case "simulated-clone-vs-files" -> List.of(againstRow("÷ 10 files", "clone", "10"));
            case "simulated-clone-vs-data" -> List.of(againstRow("÷ 1 MiB", "clone", "1"));
            case "simulated-memory" -> List.of(againstRow("÷ the 64 MiB sandbox", "retained heap", "a sandbox holding 64 MiB of files"));
            case "http-latency-vs-clients" -> List.of(against("p99 ÷ p50", "p99", "p50"),
                    against("JS SDK p50 ÷ Java p50", "JS SDK p50", "p50"), againstRow("p50 ÷ 1 client", "p50", "1"));
            case "http-throughput-vs-clients" -> List.of(against("JS SDK ÷ Java client", "JS SDK", "Java client"),
                    againstRow("Java client ÷ 1 client", "Java client", "1"));
            case "http-streaming" -> List.of(against("JS SDK ÷ Java client", "JS SDK", "Java client"));
            case "junit-overhead" -> List.of(againstRow("÷ plain test", "per test", "plain test, warm"));
            default -> List.of();
        };
    }
}
