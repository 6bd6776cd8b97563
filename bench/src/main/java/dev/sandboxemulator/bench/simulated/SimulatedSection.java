package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.bench.Experiment;
import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;
import dev.sandboxemulator.bench.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated backend, in-process, with JMH: clone cost against the copies asked for, the parent's
 * file count and its data, the cost of create and of data-plane calls, and (outside JMH) the heap a
 * sandbox and a clone retain.
 *
 * <p>Every benchmark drives the engine the HTTP handlers call ({@link InProcessEngine}: the emulator's
 * engine on the simulated backend, without its HTTP server), so these figures are the floor under the
 * http section's.
 */
public final class SimulatedSection implements Section {
    private static final String CLONE = "clone";
    private static final String ENGINE = " Driven in-process on the engine the HTTP handlers call, built as the emulator builds it"
            + " but without its HTTP server; JMH average time, one forked JVM, one sample per measurement iteration.";

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public void run(Mode mode, Results results) throws Exception {
        JmhRun jmh = new JmhRun(mode);
        cloneAgainstCount(jmh, results);
        cloneAgainstFiles(jmh, results);
        cloneAgainstData(jmh, mode, results);
        operations(jmh, results);
        memory(mode, results);
    }

    private static void cloneAgainstCount(JmhRun jmh, Results results) throws Exception {
        Experiment experiment = results.experiment("simulated-clone-vs-count", "Simulated clone time against count",
                "copies per clone request", Unit.MILLIS,
                "The timer runs from the engine's clone call with that count on a running, empty sandbox until it returns"
                        + " with every copy running; the copies are killed after the timer stops." + ENGINE);
        for (JmhRun.Measured measured : jmh.run(CloneCountBenchmark.class, Map.of())) {
            results.add(experiment, CLONE, Double.parseDouble(measured.param("count")), measured.millisPerOperation());
        }
    }

    private static void cloneAgainstFiles(JmhRun jmh, Results results) throws Exception {
        Experiment experiment = results.experiment("simulated-clone-vs-files", "Simulated clone time against the parent's files",
                "files in the parent", Unit.MILLIS,
                "The timer runs from the engine's clone call (count 1) on a running sandbox holding that many "
                        + ParentFiles.SMALL_FILE_BYTES + "-byte files (" + ParentFiles.FILES_PER_DIRECTORY
                        + " a directory, written before timing) until the copy is running; the copy is killed after the timer stops."
                        + ENGINE);
        for (JmhRun.Measured measured : jmh.run(CloneFilesBenchmark.class, Map.of())) {
            results.add(experiment, CLONE, Double.parseDouble(measured.param("files")), measured.millisPerOperation());
        }
    }

    private static void cloneAgainstData(JmhRun jmh, Mode mode, Results results) throws Exception {
        Experiment experiment = results.experiment("simulated-clone-vs-data", "Simulated clone time against the parent's data",
                "data in the parent (MiB)", Unit.MILLIS,
                "The timer runs from the engine's clone call (count 1) on a running sandbox holding that much random data in "
                        + ParentFiles.DATA_FILES + " equal files (written before timing) until the copy is running;"
                        + " the copy is killed after the timer stops." + ENGINE);
        List<String> sizes = mode.quick() ? List.of("1", "10", "100") : List.of("1", "10", "100", "1024");
        for (JmhRun.Measured measured : jmh.run(CloneDataBenchmark.class, Map.of("mib", sizes))) {
            results.add(experiment, CLONE, Double.parseDouble(measured.param("mib")), measured.millisPerOperation());
        }
    }

    private static void operations(JmhRun jmh, Results results) throws Exception {
        Experiment experiment = results.experiment("simulated-operations", "Simulated backend operations, in-process",
                "operation", Unit.MILLIS,
                "Each timer runs from the call until it returns: create (the sandbox is killed after the timer stops);"
                        + " a 4 KiB file's upload or download as envd's /files endpoint makes it (access check, then the filesystem);"
                        + " and 'echo hi' run as process.Process/Start runs it (/bin/bash -l -c), until its output and exit"
                        + " have arrived, all in one sandbox (which has run every earlier command of the benchmark)." + ENGINE);
        String series = "in-process";
        Map<String, String> rows = Map.of("create", "create", "write", "write a 4 KiB file", "read", "read a 4 KiB file",
                "echo", "command round trip (echo)");
        List<JmhRun.Measured> measured = new ArrayList<>(jmh.run(CreateBenchmark.class, Map.of()));
        measured.addAll(jmh.run(DataPlaneBenchmark.class, Map.of()));
        measured.addAll(jmh.run(CommandBenchmark.class, Map.of()));
        for (String method : List.of("create", "write", "read", "echo")) {
            JmhRun.Measured point = measured.stream().filter(m -> m.method().equals(method)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("JMH did not run " + method));
            results.add(experiment, series, rows.get(method), point.millisPerOperation());
        }
    }

    private static void memory(Mode mode, Results results) throws Exception {
        Experiment experiment = results.experiment("simulated-memory", "Heap retained per simulated sandbox and per clone",
                "what is retained", Unit.BYTES,
                "Measured without JMH, in a JVM of its own (serial collector, fully compacting): the heap in use after full collections,"
                        + " before and after making " + RetainedHeapProbe.EMPTY_SANDBOXES + " empty sandboxes, "
                        + RetainedHeapProbe.FILLED_SANDBOXES + " sandboxes each holding " + RetainedHeapProbe.FILLED_MIB
                        + " MiB of files, or " + RetainedHeapProbe.CLONES + " clones of one such sandbox, divided by that number."
                        + " A clone shares its parent's files until one of them writes, so it should retain far less than 64 MiB.");
        Map<String, List<Double>> byRow = RetainedHeap.measure(mode.pick(3, 5));
        for (String row : List.of(RetainedHeapProbe.EMPTY, RetainedHeapProbe.FILLED, RetainedHeapProbe.CLONE)) {
            List<Double> samples = byRow.get(row);
            if (samples == null || samples.isEmpty()) {
                throw new IllegalStateException("the memory probe measured nothing for '" + row + "'");
            }
            results.add(experiment, "retained heap", row, samples);
        }
    }
}
