package dev.sandboxemulator.bench.report;

import dev.sandboxemulator.bench.Results;

import java.io.IOException;
import java.nio.file.Path;

/** PLACEHOLDER: the markdown report, its plots and its targets. */
public final class Report {
    public static final String RESULTS_FILE = "benchmarks/results.json";
    public static final String REPORT_FILE = "benchmarks.md";

    private final Results results;

    public Report(Results results) {
        this.results = results;
    }

    public void write(Path out) throws IOException {
        java.nio.file.Files.createDirectories(out.resolve("benchmarks"));
    }
}
