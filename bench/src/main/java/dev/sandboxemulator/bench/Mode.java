package dev.sandboxemulator.bench;

/**
 * How thoroughly to measure. {@link #QUICK} runs every section with few repetitions and the smaller
 * parameters, so CI proves the harness works in a few minutes; its figures are noisy and are not the
 * published ones. {@link #FULL} is what {@code docs/benchmarks.md} is generated from.
 */
public enum Mode {
    QUICK,
    FULL;

    /** {@code quick} in quick mode, {@code full} otherwise: repetitions, sizes, durations. */
    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }

    public boolean quick() {
        return this == QUICK;
    }
}
