package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A container backend when CRIU or the engine fails, on each engine: a clear error that carries
 * CRIU's reason, the parent running on, and nothing left behind on the host, checked against an
 * inventory of the host taken before ({@link EngineLeftovers}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoEmulatorErrorsExtension.class)
abstract class ContainerFailureContract {
    /** CRIU refuses to dump an unlinked file this large ("Can't dump ghost file"): a deterministic dump failure. */
    static final String HOLDS_A_DELETED_FILE = "python3 -c 'import os, time\n"
            + "f = open(\"/tmp/scratch\", \"wb\"); f.write(os.urandom(8 * 1024 * 1024)); f.flush(); os.unlink(\"/tmp/scratch\")\n"
            + "print(\"held\", flush=True)\ntime.sleep(3600)'";
    static final RunOptions BACKGROUND = RunOptions.builder().timeout(Duration.ZERO).build();

    final String engine;

    ContainerFailureContract(String engine) {
        this.engine = engine;
    }

    @BeforeAll
    void needsTheEngine() {
        ContainerRequirement.assumeAvailable(engine);
    }

    /** What else the engine must not keep of a parent whose capture failed (docker: a checkpoint folder in it). */
    void assertNothingKeptOfTheFailedCapture(SandboxEmulator emulator, Sandbox parent) {
    }

    @Test
    void aCloneWhoseParentCannotBeCheckpointedFailsWithCriusReasonAndLeavesTheParentRunningAndNothingElse() {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).start()) {
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
            EngineLeftovers.Inventory during = EngineLeftovers.take(engine);
            assertThat(during.containers()).as("the parent's container, and no other").hasSize(before.containers().size() + 1);
            assertThat(during.images()).as("no image kept").isEqualTo(before.images());
            assertNothingKeptOfTheFailedCapture(emulator, parent);
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    @Test
    void aPauseThatCannotCheckpointFailsClearlyAndTheSandboxKeepsRunning() {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).start()) {
            Sandbox sandbox = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            var holder = sandbox.commands().start(HOLDS_A_DELETED_FILE, BACKGROUND);
            awaitStdout(holder::stdout, "held");

            assertThatThrownBy(sandbox::pause).isInstanceOf(SandboxException.class)
                    .hasMessageContaining("Can't dump ghost file /tmp/scratch");

            assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
            assertThat(sandbox.commands().run("echo still here").stdout()).isEqualTo("still here\n");
            assertThat(sandbox.commands().list()).extracting(p -> p.pid()).contains(holder.pid());
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    @Test
    void aStrictCloneWithAFailedCopyRemovesTheCopiesThatWereMade() {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).start()) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            emulator.faults().failNthClone(2);

            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(2).strict(true).build()))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("strict mode removed the 1 that succeeded");

            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            EngineLeftovers.Inventory during = EngineLeftovers.take(engine);
            assertThat(during.containers()).hasSize(before.containers().size() + 1);
            assertThat(during.images()).as("the discarded snapshot's image is gone").isEqualTo(before.images());
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    @Test
    void closingTheEmulatorRemovesEveryContainerImageAndCheckpointItMade() {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox running = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            Sandbox paused = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            paused.pause();
            running.clone(CloneRequest.DEFAULT);
            paused.clone(CloneRequest.DEFAULT);
            EngineLeftovers.Inventory during = EngineLeftovers.take(engine);
            assertThat(during.containers()).hasSize(before.containers().size() + 4);
            assertThat(during.newSince(before)).as("the paused sandbox's checkpoint, the clones' captures")
                    .anyMatch(line -> line.startsWith("staged ") || line.startsWith("image "));
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    static SandboxClient clientOf(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey("test").build();
    }

    static void awaitStdout(Supplier<String> stdout, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!stdout.get().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for '%s' in %s", text, stdout.get()).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
