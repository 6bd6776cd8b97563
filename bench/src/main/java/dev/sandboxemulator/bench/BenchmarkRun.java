package dev.sandboxemulator.bench;

import dev.sandboxemulator.bench.containers.ContainerSection;
import dev.sandboxemulator.bench.http.HttpSection;
import dev.sandboxemulator.bench.junit.JUnitSection;
import dev.sandboxemulator.bench.report.Report;
import dev.sandboxemulator.bench.simulated.SimulatedSection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one command behind {@code docs/benchmarks.md}: measures every section, then writes the report
 * (tables, plots, targets) and the raw results beside it.
 *
 * <pre>
 * BenchmarkRun [--quick | --full] [--out DIR] [--only simulated,http,junit,containers] [--report-only]
 * </pre>
 * {@code --full} (the default) writes to {@code docs/}; {@code --quick} writes to {@code bench/target/report/}
 * so that CI's run never touches the published figures. {@code --report-only} draws the report again from
 * the results saved by an earlier run in the same place.
 */
public final class BenchmarkRun {

    private BenchmarkRun() {
    }

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.FULL;
        Path out = null;
        List<String> only = List.of();
        boolean reportOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--full" -> mode = Mode.FULL;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--report-only" -> reportOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--quick | --full] [--out DIR] [--only simulated,http,junit,containers] [--report-only]");
            }
        }
        if (out == null) {
            out = mode.quick() ? Path.of("bench/target/report") : Path.of("docs");
        }
        Files.createDirectories(out);
        Path saved = out.resolve(Report.RESULTS_FILE);
        Results results;
        if (reportOnly) {
            results = Results.load(saved);
        } else {
            results = new Results(RunInfo.here(mode));
            List<Throwable> failures = new ArrayList<>();
            for (Section section : sections()) {
                if (!only.isEmpty() && !only.contains(section.name())) {
                    continue;
                }
                System.out.println("== " + section.name() + " (" + mode.name().toLowerCase() + ")");
                long start = System.nanoTime();
                try {
                    section.run(mode, results);
                } catch (Exception | AssertionError e) {
                    // the other sections still run and the report is still written; the run fails at the end
                    e.printStackTrace();
                    results.note("The " + section.name() + " section failed: " + e);
                    failures.add(e);
                }
                System.out.printf("== %s took %.0f s%n", section.name(), (System.nanoTime() - start) / 1e9);
            }
            results.save(saved);
            if (!failures.isEmpty()) {
                new Report(results).write(out);
                throw new IllegalStateException(failures.size() + " section(s) failed; see the notes in " + out);
            }
        }
        new Report(results).write(out);
        System.out.println("report: " + out.resolve(Report.REPORT_FILE));
    }

    private static List<Section> sections() {
        // cheapest first, containers last: a failure there still leaves the in-process figures measured
        return List.of(new SimulatedSection(), new HttpSection(), new JUnitSection(), new ContainerSection());
    }
}
