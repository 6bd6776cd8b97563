package dev.sandboxemulator.emulator;

import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.stub.Stubs;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backend of the test's own, plugged in with {@code Builder.backend(Backend)}: served over HTTP, owned by the emulator. */
@ExtendWith(NoEmulatorErrorsExtension.class)
class PluggedBackendTest {

    @Test
    void theEmulatorServesCreateAndKillThroughAPluggedBackend() {
        RecordingBackend backend = new RecordingBackend();
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(backend).start()) {
            SandboxClient client = clientOf(emulator);

            Sandbox sandbox = client.create();
            assertThat(backend.created).containsExactlyElementsOf(emulator.sandboxIds());

            assertThat(client.kill(sandbox.id())).isTrue();
            assertThat(backend.killed).containsExactlyElementsOf(backend.created);
            assertThat(emulator.sandboxIds()).isEmpty();
        }
    }

    @Test
    void theEmulatorReportsThePluggedBackendsName() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(new RecordingBackend()).start()) {
            assertThat(emulator.backendName()).isEqualTo("recording");
            assertThat(emulator.toString()).contains("backend=recording");
        }
    }

    @Test
    void closingTheEmulatorKillsItsSandboxesThenClosesThePluggedBackend() {
        RecordingBackend backend = new RecordingBackend();
        SandboxEmulator emulator = SandboxEmulator.builder().backend(backend).start();
        String id = clientOf(emulator).create().id();
        assertThat(backend.closed).isFalse();

        emulator.close();

        assertThat(backend.killed).hasSize(1).allSatisfy(killed -> assertThat(id).startsWith(killed));
        assertThat(backend.closed).isTrue();
    }

    @Test
    void aStartThatFailsStillClosesThePluggedBackend() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        try (ServerSocket taken = new ServerSocket(0)) {
            SandboxEmulator.Builder builder = SandboxEmulator.builder().port(taken.getLocalPort()).backend(backend);

            assertThatThrownBy(builder::start).isInstanceOf(RuntimeException.class);
        }
        assertThat(backend.closed).isTrue();
    }

    @Test
    void oneBackendInstanceServesOneEmulatorOnly() {
        SandboxEmulator.Builder builder = SandboxEmulator.builder().backend(new RecordingBackend());
        try (SandboxEmulator first = builder.start()) {
            assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("give backend(Backend) a new instance for each emulator");

            try (SandboxEmulator second = builder.backend(new RecordingBackend()).start()) {
                assertThat(second.apiUrl()).isNotEqualTo(first.apiUrl());
            }
        }
    }

    @Test
    void aBackendNamedAfterAPluggedOneReplacesIt() {
        RecordingBackend unused = new RecordingBackend();
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(unused).backend("simulated").start()) {
            assertThat(emulator.backendName()).isEqualTo("simulated");
        }
        assertThat(unused.closed).isFalse();
    }

    @Test
    void anUnknownBackendNameSaysWhichNamesThereAre() {
        assertThat(SandboxEmulator.backendUnavailableReason("firecracker"))
                .hasValue("unknown backend 'firecracker'; this build offers: simulated, docker, podman");
        assertThatThrownBy(() -> SandboxEmulator.builder().backend("firecracker").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown backend 'firecracker'");
    }

    private static SandboxClient clientOf(SandboxTeam emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                .apiKey(emulator.apiKey()).build();
    }

    /**
     * What a third-party backend looks like from outside: it implements the SPI, here by recording the
     * engine's calls and handing the physical work to a simulated backend of its own.
     */
    private static final class RecordingBackend implements Backend {
        final List<String> created = new CopyOnWriteArrayList<>();
        final List<String> killed = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        private final ClockScheduler time = ClockScheduler.ticking(Clock.systemUTC());
        private final Backend delegate = new SimulatedBackend(Clock.systemUTC(), time, new Stubs());

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void create(String sandboxId, SandboxSpec spec) throws BackendException {
            created.add(sandboxId);
            delegate.create(sandboxId, spec);
        }

        @Override
        public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) throws BackendException {
            created.add(sandboxId);
            delegate.restore(snapshot, sandboxId, spec);
        }

        @Override
        public BackendSnapshot snapshot(String sandboxId) throws BackendException {
            return delegate.snapshot(sandboxId);
        }

        @Override
        public void discard(BackendSnapshot snapshot) {
            delegate.discard(snapshot);
        }

        @Override
        public void pause(String sandboxId) throws BackendException {
            delegate.pause(sandboxId);
        }

        @Override
        public void resume(String sandboxId) throws BackendException {
            delegate.resume(sandboxId);
        }

        @Override
        public void kill(String sandboxId) {
            killed.add(sandboxId);
            delegate.kill(sandboxId);
        }

        @Override
        public SandboxFileSystem fileSystem(String sandboxId) throws BackendException {
            return delegate.fileSystem(sandboxId);
        }

        @Override
        public ProcessManager processes(String sandboxId) throws BackendException {
            return delegate.processes(sandboxId);
        }

        @Override
        public ResourceUsage usage(String sandboxId) throws BackendException {
            return delegate.usage(sandboxId);
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
            time.close();
        }
    }
}
