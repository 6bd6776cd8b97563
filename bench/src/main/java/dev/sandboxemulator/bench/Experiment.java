package dev.sandboxemulator.bench;

/**
 * One thing measured against a parameter: a table in the report (a row per parameter value, a
 * column per series) and, when its rows are numbers, a plot.
 *
 * @param id        stable name, used by targets and file names ({@code container-clone-vs-memory})
 * @param title     the heading in the report
 * @param rowName   what the rows are ({@code parent's memory (MiB)}, {@code concurrent clients})
 * @param unit      what the samples count
 * @param about     one or two sentences for the reader: what exactly is timed, and how
 */
public record Experiment(String id, String title, String rowName, Unit unit, String about) {
}
