package dev.sandboxemulator.bench.simulated;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/** One clone request for {@code count} copies of a running, empty sandbox; the copies are killed untimed. */
@State(Scope.Benchmark)
public class CloneCountBenchmark {
    @Param({"1", "10", "100"})
    public int count;

    private InProcessEngine engine;
    private String parent;
    private List<String> copies = List.of();

    @Setup(Level.Trial)
    public void startEngine() {
        engine = new InProcessEngine();
        parent = engine.create().sandboxId();
    }

    @Benchmark
    public List<String> cloneRequest() {
        copies = engine.clone(parent, count);
        return copies;
    }

    @TearDown(Level.Invocation)
    public void killCopies() {
        engine.killAll(copies);
        copies = List.of();
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        engine.close();
    }
}
