package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/**
 * What the clone benchmarks share: a running parent made (and filled) before the trial, one clone
 * request timed, its copies killed untimed after each invocation. A subclass says how many copies a
 * request asks for and what the parent holds; JMH runs the inherited benchmark in each subclass.
 */
public abstract class ParentCloneBenchmark {
    private InProcessEngine engine;
    private String parent;
    private List<String> copies = List.of();

    /** The copies one request asks for: 1 unless a subclass varies it. */
    protected int copiesPerRequest() {
        return 1;
    }

    /** Puts the parent's content in place, untimed; empty unless a subclass fills it. */
    protected void fill(SandboxFileSystem files) {
    }

    @Setup(Level.Trial)
    public void startEngine() {
        engine = new InProcessEngine();
        parent = engine.create().sandboxId();
        fill(engine.fileSystem(parent));
    }

    /** The timed part: one clone request, answered with its running copies. */
    @Benchmark
    public List<String> cloneRequest() {
        copies = engine.clone(parent, copiesPerRequest());
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
