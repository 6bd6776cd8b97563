package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.engine.SandboxView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A command's round trip: {@code echo hi} started, its output and exit received.
 *
 * <p>The simulated backend keeps every ended process of a sandbox (for a late Connect), and a start
 * counts the running ones among all of them, so in one sandbox the round trip grows linearly with the
 * commands run before it (about 1 ms each after 10,000 of them, against some 10 µs in a fresh sandbox). To time a command in a sandbox as a
 * test uses one, the sandbox is replaced by a fresh one, untimed, every {@value #COMMANDS_PER_SANDBOX} commands.
 */
@State(Scope.Benchmark)
public class CommandBenchmark {
    static final int COMMANDS_PER_SANDBOX = 100;

    private InProcessEngine engine;
    private SandboxView sandbox;
    private EnvdCalls calls;
    private int commandsRun;

    @Setup(Level.Trial)
    public void startEngine() {
        engine = new InProcessEngine();
    }

    @Setup(Level.Invocation)
    public void freshSandboxWhenDue() {
        if (sandbox == null || commandsRun == COMMANDS_PER_SANDBOX) {
            if (sandbox != null) {
                engine.kill(sandbox.sandboxId());
            }
            sandbox = engine.create();
            calls = new EnvdCalls(engine, sandbox);
            commandsRun = 0;
        }
        commandsRun++;
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
