package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcesses;
import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated backend on a manual clock with one sandbox, {@value #SANDBOX}, for tests that drive
 * processes directly through the SPI. Everything is deterministic: {@code start} runs a process up
 * to its first wait, and advancing the clock runs what became due before {@code advance} returns.
 */
final class ShellHarness implements AutoCloseable {
    static final String SANDBOX = "isandbox0000000000001";

    final ManualClock clock = ManualClock.create();
    final ClockScheduler scheduler = ClockScheduler.manual(clock, clock::onAdvance);
    final Stubs stubs = new Stubs();
    final SimulatedBackend backend = new SimulatedBackend(clock, scheduler, stubs);

    ShellHarness() {
        backend.create(SANDBOX, new SandboxSpec("base", Map.of(), 2, 512, 1024));
    }

    SandboxFileSystem fs() {
        return backend.fileSystem(SANDBOX);
    }

    SimulatedProcesses processes() {
        return (SimulatedProcesses) backend.processes(SANDBOX);
    }

    static ProcessSpec spec(String script) {
        return spec(script, Map.of(), false, null);
    }

    static ProcessSpec spec(String script, Map<String, String> extraEnv, boolean stdin, Duration timeout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", "/home/user");
        env.put("USER", "user");
        env.put("LOGNAME", "user");
        env.putAll(extraEnv);
        return new ProcessSpec("/bin/bash", List.of("-l", "-c", script), env, "/home/user", "user", stdin,
                Optional.empty(), Optional.ofNullable(timeout));
    }

    /** Starts a script and subscribes a recorder with replay. */
    Run start(String script) {
        return start(spec(script));
    }

    Run start(ProcessSpec spec) {
        return start(backend.processes(SANDBOX).start(spec));
    }

    static Run start(SandboxProcess process) {
        Recorder recorder = new Recorder();
        process.subscribe(recorder, true);
        return new Run(process, recorder);
    }

    /** Runs a script that must end without the clock moving. */
    Run run(String script) {
        Run run = start(script);
        if (run.recorder.exit() == null) {
            throw new AssertionError("the script is still running: " + script + "\nstdout so far: " + run.stdout());
        }
        return run;
    }

    void advance(Duration duration) {
        clock.advance(duration);
    }

    void write(String path, String content) {
        fs().write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    String read(String path) {
        return new String(fs().read(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        backend.close();
        scheduler.close();
    }

    /** A started process and what it printed. */
    record Run(SandboxProcess process, Recorder recorder) {
        String stdout() {
            return recorder.text(OutputChunk.Stream.STDOUT);
        }

        String stderr() {
            return recorder.text(OutputChunk.Stream.STDERR);
        }

        Integer exitCode() {
            ProcessExit exit = recorder.exit();
            return exit == null ? null : exit.exitCode();
        }

        ProcessExit exit() {
            return recorder.exit();
        }

        boolean running() {
            return recorder.exit() == null;
        }
    }

    /** Records a process's events; fails the test on a second exit. */
    static final class Recorder implements ProcessListener {
        private final List<OutputChunk> chunks = new ArrayList<>();
        private final List<ProcessExit> exits = new ArrayList<>();

        @Override
        public synchronized void onOutput(OutputChunk chunk) {
            if (!exits.isEmpty()) {
                throw new AssertionError("output after exit");
            }
            chunks.add(chunk);
        }

        @Override
        public synchronized void onExit(ProcessExit exit) {
            exits.add(exit);
            if (exits.size() > 1) {
                throw new AssertionError("a second exit: " + exits);
            }
        }

        synchronized ProcessExit exit() {
            return exits.isEmpty() ? null : exits.get(0);
        }

        synchronized int exitCount() {
            return exits.size();
        }

        synchronized List<OutputChunk> chunks() {
            return List.copyOf(chunks);
        }

        synchronized String text(OutputChunk.Stream stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.stream().filter(c -> c.stream() == stream).forEach(c -> out.writeBytes(c.data()));
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Both streams interleaved in order, for checking the order of output. */
        synchronized String all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(c -> out.writeBytes(c.data()));
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
