package dev.sandboxemulator.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the report shows of a set of samples: the median, and as spread the lowest and highest
 * (with few samples, quartiles would pretend to a precision the runs do not have).
 */
public record Stats(int count, double median, double min, double max) {

    public static Stats of(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(n, median, sorted.get(0), sorted.get(n - 1));
    }

    /** The value below which {@code fraction} of the samples lie (nearest rank): p50, p99 of latencies. */
    public static double percentile(List<Double> samples, double fraction) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
