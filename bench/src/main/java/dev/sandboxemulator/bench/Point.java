package dev.sandboxemulator.bench;

import java.util.List;

/**
 * The samples of one series at one row of an experiment.
 *
 * @param experiment the {@link Experiment#id()}
 * @param series     the line or column, e.g. {@code docker clone} or {@code floor: criu dump}
 * @param row        the row's label, e.g. {@code 256} or {@code pause + resume}
 * @param x          the row as a number, for plots; {@code NaN} when the row is not a number
 * @param samples    every sample, in the experiment's unit, in the order taken
 */
public record Point(String experiment, String series, String row, double x, List<Double> samples) {
    public Point {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples for " + experiment + " / " + series + " / " + row);
        }
        samples = List.copyOf(samples);
    }

    public Stats stats() {
        return Stats.of(samples);
    }
}
