package dev.sandboxemulator.bench.simulated;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One create of a sandbox; it is killed untimed after each invocation. */
@State(Scope.Benchmark)
public class CreateBenchmark {
    private InProcessEngine engine;
    private String created;

    @Setup(Level.Trial)
    public void startEngine() {
        engine = new InProcessEngine();
    }

    @Benchmark
    public String create() {
        created = engine.create().sandboxId();
        return created;
    }

    @TearDown(Level.Invocation)
    public void kill() {
        if (created != null) {
            engine.kill(created);
            created = null;
        }
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        engine.close();
    }
}
