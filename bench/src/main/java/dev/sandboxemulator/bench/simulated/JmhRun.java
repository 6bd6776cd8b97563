package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.bench.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a benchmark class's methods with JMH, in the mode's settings, and hands back each
 * measurement iteration's score (milliseconds per operation) as a sample.
 *
 * <p>One forked JVM per benchmark and parameter, on the bench's classpath, with heap enough for a
 * parent holding 1 GiB of files and its copy's bookkeeping. Average time: an iteration's score is the
 * mean time of the operations that fitted in it. JMH's own console output is silenced; the section
 * prints one line per point as it records it.
 */
final class JmhRun {
    /** The forked JVM's heap: 1 GiB of parent data, the 64 MiB buffer it was written from, and room to spare. */
    private static final String FORK_HEAP = "-Xmx3g";

    private final Mode mode;

    JmhRun(Mode mode) {
        this.mode = mode;
    }

    /** The scores of one benchmark method at one set of parameters. */
    record Measured(String method, Map<String, String> params, List<Double> millisPerOperation) {
        String param(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalStateException(method + " has no parameter " + name);
            }
            return value;
        }
    }

    /** Every {@code @Benchmark} method of {@code benchmark}, at every value of its parameters (or those given). */
    List<Measured> run(Class<?> benchmark, Map<String, List<String>> params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + ".") + "\\w+$")
                .forks(1)
                .jvmArgs(FORK_HEAP, "-Djava.awt.headless=true")
                .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .warmupIterations(mode.pick(1, 3))
                .warmupTime(TimeValue.milliseconds(mode.pick(200, 1000)))
                .measurementIterations(mode.pick(3, 5))
                .measurementTime(TimeValue.milliseconds(mode.pick(200, 1000)))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        List<Measured> measured = new ArrayList<>();
        for (RunResult result : runLeavingNoLock(options)) {
            String name = result.getParams().getBenchmark();
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                values.put(key, result.getParams().getParam(key));
            }
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            if (scores.isEmpty()) {
                throw new IllegalStateException("JMH measured nothing for " + name + " " + values);
            }
            measured.add(new Measured(name.substring(name.lastIndexOf('.') + 1), values, scores));
        }
        return measured;
    }

    /**
     * JMH takes a lock file in the temporary directory, so that two runs on one machine cannot disturb each
     * other, and leaves it there; it is removed again unless it was there before (another run's).
     */
    private static Collection<RunResult> runLeavingNoLock(ChainedOptionsBuilder options) throws RunnerException {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        boolean ours = !Files.exists(lock);
        try {
            return new Runner(options.build()).run();
        } finally {
            if (ours) {
                try {
                    Files.deleteIfExists(lock);
                } catch (IOException e) {
                    // a lock file left behind is harmless: JMH takes it again next time
                }
            }
        }
    }
}
