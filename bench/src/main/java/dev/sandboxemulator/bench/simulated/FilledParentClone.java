package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/**
 * What the clone-against-content benchmarks share: a running parent filled before the trial, one
 * clone request of one copy timed, the copy killed untimed after each invocation.
 */
public abstract class FilledParentClone {
    private InProcessEngine engine;
    private String parent;
    private List<String> copies = List.of();

    /** Puts the parent's content in place; not timed. */
    protected abstract void fill(SandboxFileSystem files);

    @Setup(Level.Trial)
    public void startEngine() {
        engine = new InProcessEngine();
        parent = engine.create().sandboxId();
        fill(engine.fileSystem(parent));
    }

    /** The timed part: one clone request, count 1, answered with the running copy. */
    protected final List<String> cloneOnce() {
        copies = engine.clone(parent, 1);
        return copies;
    }

    @TearDown(Level.Invocation)
    public void killCopy() {
        engine.killAll(copies);
        copies = List.of();
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        engine.close();
    }
}
