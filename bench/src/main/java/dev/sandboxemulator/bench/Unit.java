package dev.sandboxemulator.bench;

import java.util.Locale;

/** What an experiment's samples count, how they read, and which way is better. */
public enum Unit {
    /** Samples are milliseconds; shown as µs, ms or s, whichever reads best. Lower is better. */
    MILLIS(false),
    /** Samples are bytes; shown as B, KiB or MiB. Lower is better. */
    BYTES(false),
    /** Samples are operations per second. Higher is better. */
    PER_SECOND(true);

    private final boolean higherIsBetter;

    Unit(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The axis label of a plot of this unit. */
    public String axisLabel() {
        return switch (this) {
            case MILLIS -> "milliseconds";
            case BYTES -> "bytes";
            case PER_SECOND -> "operations per second";
        };
    }

    /** One value, with its unit, in three significant figures or so. */
    public String format(double value) {
        return switch (this) {
            case MILLIS -> value < 1 ? number(value * 1000) + " µs" : value < 10_000 ? number(value) + " ms" : number(value / 1000) + " s";
            case BYTES -> value < 1024 ? number(value) + " B" : value < 1024 * 1024 ? number(value / 1024) + " KiB"
                    : number(value / (1024 * 1024)) + " MiB";
            case PER_SECOND -> number(value) + "/s";
        };
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
