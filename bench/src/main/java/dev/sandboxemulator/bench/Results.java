package dev.sandboxemulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured: its experiments, their points, and notes on what could not be
 * measured and why. Sections add to it (from one thread at a time); the report reads it. It is also
 * saved as JSON beside the report, so the report can be drawn again without measuring again.
 */
public final class Results {
    private final RunInfo run;
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final List<Point> points = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Results(RunInfo run) {
        this.run = run;
    }

    /** Declares an experiment (once; declaring the same one again returns it unchanged). */
    public synchronized Experiment experiment(String id, String title, String rowName, Unit unit, String about) {
        return experiments.computeIfAbsent(id, key -> new Experiment(id, title, rowName, unit, about));
    }

    /** Records the samples of a series at a numeric row (plotted). */
    public void add(Experiment experiment, String series, double x, List<Double> samples) {
        add(experiment, series, rowLabel(x), x, samples);
    }

    /** Records the samples of a series at a named row (tabled, not plotted). */
    public void add(Experiment experiment, String series, String row, List<Double> samples) {
        add(experiment, series, row, Double.NaN, samples);
    }

    private synchronized void add(Experiment experiment, String series, String row, double x, List<Double> samples) {
        if (experiments.get(experiment.id()) != experiment) {
            throw new IllegalArgumentException("undeclared experiment " + experiment.id());
        }
        points.add(new Point(experiment.id(), series, row, x, samples));
        System.out.printf("  %-28s %-34s %-22s %s%n", experiment.id(), series, row,
                experiment.unit().format(Stats.of(samples).median()));
    }

    /** Something the reader must know: a backend that could not run, a section that failed. */
    public synchronized void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    public RunInfo run() {
        return run;
    }

    public synchronized List<Experiment> experiments() {
        return List.copyOf(experiments.values());
    }

    public synchronized List<Point> points(String experimentId) {
        return points.stream().filter(p -> p.experiment().equals(experimentId)).toList();
    }

    public synchronized Optional<Point> point(String experimentId, String series, String row) {
        return points.stream().filter(p -> p.experiment().equals(experimentId) && p.series().equals(series) && p.row().equals(row))
                .reduce((first, second) -> second);
    }

    /** The median of a point, if it was measured. */
    public Optional<Double> median(String experimentId, String series, String row) {
        return point(experimentId, series, row).map(p -> p.stats().median());
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    static String rowLabel(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private record Saved(RunInfo run, List<Experiment> experiments, List<Point> points, List<String> notes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public synchronized void save(Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), new Saved(run, List.copyOf(experiments.values()), List.copyOf(points), List.copyOf(notes)));
    }

    public static Results load(Path file) throws IOException {
        Saved saved = JSON.readValue(file.toFile(), Saved.class);
        Results results = new Results(saved.run());
        saved.experiments().forEach(e -> results.experiments.put(e.id(), e));
        results.points.addAll(saved.points());
        results.notes.addAll(saved.notes());
        return results;
    }
}
