package dev.sandboxemulator.bench.simulated;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Random;

/** A 4 KiB file's upload and download on one running sandbox. */
@State(Scope.Benchmark)
public class DataPlaneBenchmark {
    static final String PATH = "/home/user/bench.bin";

    private InProcessEngine engine;
    private EnvdCalls calls;
    private final byte[] content = new byte[4096];

    @Setup(Level.Trial)
    public void startEngine() {
        new Random(3).nextBytes(content);
        engine = new InProcessEngine();
        calls = new EnvdCalls(engine, engine.create());
        calls.write(PATH, content);
    }

    @Benchmark
    public void write() {
        calls.write(PATH, content);
    }

    @Benchmark
    public byte[] read() {
        return calls.read(PATH);
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        engine.close();
    }
}
