package dev.sandboxemulator.bench;

/**
 * A part of the benchmark run: it measures and adds experiments to the results. What it cannot
 * measure here (no container engine, say) it notes in the results instead of failing; a failure it
 * throws fails the run.
 */
public interface Section {

    /** The name that {@code --only} selects it by: {@code simulated}, {@code http}, {@code junit}, {@code containers}. */
    String name();

    void run(Mode mode, Results results) throws Exception;
}
