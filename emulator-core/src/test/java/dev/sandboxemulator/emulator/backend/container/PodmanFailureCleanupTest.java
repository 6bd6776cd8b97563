package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The podman backend when CRIU or Podman fail: a clear error that carries CRIU's reason, the
 * parent running on, and nothing left behind on the host (checked against an inventory taken
 * before).
 */
class PodmanFailureCleanupTest {
    /** CRIU refuses to dump an unlinked file this large ("Can't dump ghost file"): a deterministic dump failure. */
    private static final String HOLDS_A_DELETED_FILE = "python3 -c 'import os, time\n"
            + "f = open(\"/tmp/scratch\", \"wb\"); f.write(os.urandom(8 * 1024 * 1024)); f.flush(); os.unlink(\"/tmp/scratch\")\n"
            + "print(\"held\", flush=True)\ntime.sleep(3600)'";
    private static final SandboxSpec SPEC = new SandboxSpec("base", Map.of(), 1, 512, 1024);
    private static final RunOptions BACKGROUND = RunOptions.builder().timeout(Duration.ZERO).build();

    @BeforeAll
    static void needsPodman() {
        ContainerRequirement.assumeAvailable("podman");
    }

    @Test
    void aCloneWhoseParentCannotBeCheckpointedFailsWithCriusReasonAndLeavesTheParentRunningAndNothingElse() {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("podman").start()) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            var holder = parent.commands().start(HOLDS_A_DELETED_FILE, BACKGROUND);
            awaitStdout(holder::stdout, "held");

            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(2).build()))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("checkpointing sandbox " + parent.id() + " failed")
                    .hasMessageContaining("Can't dump ghost file /tmp/scratch");

            assertThat(parent.info().state()).isEqualTo(SandboxState.RUNNING);
            assertThat(parent.commands().run("echo still here").stdout()).isEqualTo("still here\n");
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            assertThat(EngineLeftovers.take("podman").containers()).as("the parent's container, and no other")
                    .hasSize(before.containers().size() + 1);
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }

    @Test
    void aPauseThatCannotCheckpointFailsClearlyAndTheSandboxKeepsRunning() {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("podman").start()) {
            Sandbox sandbox = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            var holder = sandbox.commands().start(HOLDS_A_DELETED_FILE, BACKGROUND);
            awaitStdout(holder::stdout, "held");

            assertThatThrownBy(sandbox::pause).isInstanceOf(SandboxException.class)
                    .hasMessageContaining("Can't dump ghost file /tmp/scratch");

            assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
            assertThat(sandbox.commands().run("echo still here").stdout()).isEqualTo("still here\n");
            assertThat(sandbox.commands().list()).extracting(p -> p.pid()).contains(holder.pid());
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }

    @Test
    void aDamagedArchiveFailsTheRestoreClearlyAndLeavesNoContainer() throws IOException {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (ContainerBackend backend = ContainerBackend.connect("podman", ContainerOptions.defaults(Map.of()))) {
            backend.create("parent", SPEC);
            PodmanEngine.PodmanArchive snapshot = (PodmanEngine.PodmanArchive) backend.snapshot("parent");
            Files.write(snapshot.archive(), new byte[] {1, 2, 3});

            assertThatThrownBy(() -> backend.restore(snapshot, "copy", SPEC))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("restoring sandbox copy from the checkpoint of parent failed");

            assertThat(EngineLeftovers.take("podman").containers()).as("the parent's container, and no other")
                    .hasSize(before.containers().size() + 1);
            backend.discard(snapshot);
            assertThat(snapshot.archive()).doesNotExist();
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }

    @Test
    void aStrictCloneWithAFailedCopyRemovesTheCopiesThatWereMade() {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("podman").start()) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            emulator.faults().failNthClone(2);

            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(2).strict(true).build()))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("strict mode removed the 1 that succeeded");

            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            assertThat(EngineLeftovers.take("podman").containers()).hasSize(before.containers().size() + 1);
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }

    @Test
    void closingTheEmulatorRemovesEveryContainerAndArchiveItMade() {
        EngineLeftovers.Inventory before = EngineLeftovers.take("podman");
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("podman").start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox running = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            Sandbox paused = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            paused.pause();
            running.clone(CloneRequest.DEFAULT);
            paused.clone(CloneRequest.DEFAULT);
            EngineLeftovers.Inventory during = EngineLeftovers.take("podman");
            assertThat(during.containers()).hasSize(before.containers().size() + 4);
            assertThat(during.stagedFiles()).as("the paused sandbox's archive").anyMatch(file -> file.endsWith(".tar"));
        }
        assertThat(EngineLeftovers.take("podman").newSince(before)).isEmpty();
    }

    private static SandboxClient clientOf(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey("test").build();
    }

    private static void awaitStdout(Supplier<String> stdout, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!stdout.get().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for '%s'", text).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
