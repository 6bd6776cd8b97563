package dev.sandboxemulator.bench.simulated;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A command's round trip: {@code echo hi} started, its output and exit received, every command in the
 * same sandbox. (That sandbox runs hundreds of thousands of commands: the benchmark would grow with them
 * if the backend kept every ended process, as it once did.)
 */
@State(Scope.Benchmark)
public class CommandBenchmark {
    private InProcessEngine engine;
    private EnvdCalls calls;

    @Setup(Level.Trial)
    public void start() {
        engine = new InProcessEngine();
        calls = new EnvdCalls(engine, engine.create());
    }

    @Benchmark
    public String echo() throws Exception {
        String out = calls.run("echo hi");
        if (!out.equals("hi\n")) {
            throw new IllegalStateException("echo hi printed '" + out + "'");
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        engine.close();
    }
}
