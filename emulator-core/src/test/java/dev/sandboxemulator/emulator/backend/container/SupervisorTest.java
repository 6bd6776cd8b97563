package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor needs nothing but a POSIX shell: in the busybox-only {@code minimal} image as in
 * the Debian {@code base} one, it starts a process with its args, env, cwd and user, streams its
 * stdout and stderr, feeds its stdin until it is closed, delivers signals and reports exit codes.
 */
class SupervisorTest {
    private static ContainerBackend backend;

    @BeforeAll
    static void start() {
        ContainerRequirement.assumeAvailable();
        backend = ContainerBackend.connect("docker", ContainerOptions.defaults(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @ParameterizedTest(name = "template {0}")
    @ValueSource(strings = {"minimal", "base"})
    void aProcessGetsItsArgsEnvCwdAndStdinAndReportsItsOutputAndExitCode(String template) throws Exception {
        String id = "supervised-" + template;
        backend.create(id, new SandboxSpec(template, Map.of(), 1, 256, 512));
        try {
            ProcessSpec spec = new ProcessSpec("/bin/sh", List.of("-c", "echo \"$GREETING from $(pwd): $1\"; echo oops >&2;"
                    + " while read line; do echo \"got $line\"; done; exit 3", "sh", "it's quoted"),
                    Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"), "/tmp", "user", true, Optional.empty(), Optional.empty());
            SandboxProcess process = backend.processes(id).start(spec);
            Recorder recorder = new Recorder();
            process.subscribe(recorder, true);

            process.writeStdin("one\n".getBytes(StandardCharsets.UTF_8));
            process.writeStdin("two\n".getBytes(StandardCharsets.UTF_8));
            process.closeStdin();

            ProcessExit exit = recorder.exit.get(20, TimeUnit.SECONDS);
            assertThat(exit).isEqualTo(ProcessExit.exitCode(3));
            assertThat(recorder.stdout()).isEqualTo("hello from /tmp: it's quoted\ngot one\ngot two\n");
            assertThat(recorder.stderr()).isEqualTo("oops\n");
            assertThat(backend.processes(id).list()).doesNotContain(process);
        } finally {
            backend.kill(id);
        }
    }

    @ParameterizedTest(name = "template {0}")
    @ValueSource(strings = {"minimal", "base"})
    void aSignalEndsAProcessAndIsReportedAsSuch(String template) throws Exception {
        String id = "signalled-" + template;
        backend.create(id, new SandboxSpec(template, Map.of(), 1, 256, 512));
        try {
            SandboxProcess process = backend.processes(id).start(new ProcessSpec("/bin/sh", List.of("-c", "sleep 600"),
                    Map.of("PATH", "/usr/bin:/bin"), "/", "root", false, Optional.of("sleeper"), Optional.empty()));
            Recorder recorder = new Recorder();
            process.subscribe(recorder, true);
            assertThat(backend.processes(id).byTag("sleeper")).contains(process);

            process.signal(ProcessSignal.SIGKILL);

            assertThat(recorder.exit.get(20, TimeUnit.SECONDS)).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
            assertThat(backend.processes(id).byTag("sleeper")).isEmpty();
        } finally {
            backend.kill(id);
        }
    }

    @ParameterizedTest(name = "template {0}")
    @ValueSource(strings = {"minimal", "base"})
    void aProcessWithATimeoutIsKilledWhenItRunsOut(String template) throws Exception {
        String id = "timed-" + template;
        backend.create(id, new SandboxSpec(template, Map.of(), 1, 256, 512));
        try {
            SandboxProcess process = backend.processes(id).start(new ProcessSpec("/bin/sh", List.of("-c", "sleep 600"),
                    Map.of(), "/", "root", false, Optional.empty(), Optional.of(Duration.ofMillis(300))));
            Recorder recorder = new Recorder();
            process.subscribe(recorder, true);

            assertThat(recorder.exit.get(20, TimeUnit.SECONDS)).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
        } finally {
            backend.kill(id);
        }
    }

    @Test
    void aProcesssTimeoutGoesWithItIntoACopyAndAcrossAPause() throws Exception {
        SandboxSpec spec = new SandboxSpec("minimal", Map.of(), 1, 256, 512);
        backend.create("timed-parent", spec);
        try {
            SandboxProcess original = backend.processes("timed-parent").start(new ProcessSpec("/bin/sh", List.of("-c", "sleep 600"),
                    Map.of(), "/", "root", false, Optional.empty(), Optional.of(Duration.ofSeconds(4))));
            BackendSnapshot snapshot = backend.snapshot("timed-parent");
            backend.restore(snapshot, "timed-copy", spec);
            backend.discard(snapshot);
            backend.pause("timed-parent");
            Thread.sleep(4_500); // the deadline passes while the parent is paused
            backend.resume("timed-parent");

            SandboxProcess copy = backend.processes("timed-copy").byPid(original.pid()).orElseThrow();
            for (SandboxProcess process : List.of(original, copy)) {
                Recorder recorder = new Recorder();
                process.subscribe(recorder, true);
                assertThat(recorder.exit.get(20, TimeUnit.SECONDS)).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
            }
        } finally {
            backend.kill("timed-parent");
            backend.kill("timed-copy");
        }
    }

    /** Collects one process's events. */
    private static final class Recorder implements ProcessListener {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

        @Override
        public synchronized void onOutput(OutputChunk chunk) {
            (chunk.stream() == OutputChunk.Stream.STDOUT ? stdout : stderr).writeBytes(chunk.data());
        }

        @Override
        public void onExit(ProcessExit ended) {
            exit.complete(ended);
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }
}
