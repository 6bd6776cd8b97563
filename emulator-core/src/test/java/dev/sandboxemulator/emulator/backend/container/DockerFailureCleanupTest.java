package dev.sandboxemulator.emulator.backend.container;

import com.github.dockerjava.api.model.Container;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every failure of the docker backend answers with a clear error, CRIU's own words included, and
 * leaves nothing behind: no container, no image, no checkpoint copy, and never a frozen parent.
 */
class DockerFailureCleanupTest {
    /**
     * A process holding a deleted file of 8 MiB: CRIU refuses to dump "ghost" files above its
     * limit (1 MiB), so its dump fails, on any host.
     */
    private static final String HOLDS_A_DELETED_FILE = "python3 -c 'import os, time\n"
            + "f = open(\"/tmp/scratch\", \"wb\"); f.write(os.urandom(8 * 1024 * 1024)); f.flush(); os.unlink(\"/tmp/scratch\")\n"
            + "print(\"held\", flush=True)\ntime.sleep(3600)'";

    private static final SandboxSpec SPEC = new SandboxSpec("base", Map.of(), 1, 512, 1024);
    private static DockerApi docker;

    @BeforeAll
    static void needsDocker() {
        ContainerRequirement.assumeAvailable();
        docker = DockerApi.connect(DockerApi.dockerHost(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void disconnect() {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void aCloneWhoseParentCannotBeCheckpointedFailsWithCriusReasonAndLeavesTheParentRunningAndNothingElse() {
        EngineLeftovers.Inventory before = EngineLeftovers.take("docker");
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("docker").start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            var holder = parent.commands().start(HOLDS_A_DELETED_FILE, RunOptions.builder().timeout(Duration.ZERO).build());
            awaitStdout(holder::stdout, "held");

            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(2).build()))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("taking the clone snapshot of sandbox " + parent.id() + " failed")
                    .hasMessageContaining("CRIU log")
                    .hasMessageContaining("Can't dump ghost file /tmp/scratch");

            assertThat(parent.info().state()).isEqualTo(SandboxState.RUNNING);
            assertThat(parent.commands().run("echo still here").stdout()).isEqualTo("still here\n");
            assertThat(containersOf(emulator)).as("only the parent's container").hasSize(1);
            assertThat(imagesOfThisJvm()).as("no committed image kept").isEmpty();
            assertThat(checkpointsOf(containersOf(emulator).get(0))).as("no checkpoint left in the parent").isEmpty();
        }
        assertThat(EngineLeftovers.take("docker").newSince(before)).as("what the failure left on the host").isEmpty();
    }

    @Test
    void aPauseThatCannotCheckpointFailsClearlyAndTheSandboxKeepsRunning() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("docker").start()) {
            Sandbox sandbox = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            var holder = sandbox.commands().start(HOLDS_A_DELETED_FILE, RunOptions.builder().timeout(Duration.ZERO).build());
            awaitStdout(holder::stdout, "held");

            assertThatThrownBy(sandbox::pause).isInstanceOf(SandboxException.class).hasMessageContaining("CRIU log");

            assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
            assertThat(sandbox.commands().run("echo still here").stdout()).isEqualTo("still here\n");
            assertThat(sandbox.commands().list()).extracting(p -> p.pid()).contains(holder.pid());
        }
    }

    @Test
    void aStrictCloneWithAFailedCopyRemovesTheCopiesThatWereMade() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("docker").start()) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            emulator.faults().failNthClone(2);

            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(2).strict(true).build()))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("strict mode removed the 1 that succeeded");

            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            assertThat(containersOf(emulator)).hasSize(1);
            assertThat(imagesOfThisJvm()).isEmpty();
        }
    }

    @Test
    void aDamagedCheckpointFailsTheRestoreWithCriusLogAndLeavesNoContainer() throws IOException {
        EngineLeftovers.Inventory before = EngineLeftovers.take("docker");
        try (ContainerBackend backend = ContainerBackend.connect("docker", ContainerOptions.defaults(Map.of()))) {
            backend.create("parent", SPEC);
            DockerCheckpoint snapshot = (DockerCheckpoint) backend.snapshot("parent");
            Files.delete(snapshot.checkpoint().resolve("inventory.img"));

            assertThatThrownBy(() -> backend.restore(snapshot, "copy", SPEC))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("restoring sandbox copy from the checkpoint of parent failed")
                    .hasMessageContaining("CRIU log")
                    .hasMessageContaining("Error (criu/");

            assertThat(containersOfThisJvm()).extracting(c -> c.getLabels().get(ContainerInstance.LABEL_SANDBOX)).containsExactly("parent");
            backend.discard(snapshot);
            assertThat(snapshot.checkpoint()).doesNotExist();
        }
        assertThat(containersOfThisJvm()).isEmpty();
        assertThat(imagesOfThisJvm()).isEmpty();
        assertThat(EngineLeftovers.take("docker").newSince(before)).as("what the failure left on the host").isEmpty();
    }

    @Test
    void aRestoreThatHangsIsEndedByKillingCriuAndLeavesNoContainer() throws IOException {
        EngineLeftovers.Inventory before = EngineLeftovers.take("docker");
        try (ContainerBackend backend = ContainerBackend.connect("docker", ContainerOptions.defaults(Map.of()).withCriuTimeout(Duration.ofSeconds(5)))) {
            backend.create("parent", SPEC);
            DockerCheckpoint snapshot = (DockerCheckpoint) backend.snapshot("parent");
            // Empty memory pages: CRIU's restore waits forever for the restored tasks.
            try (Stream<Path> images = Files.list(snapshot.checkpoint())) {
                for (Path image : images.filter(f -> f.getFileName().toString().startsWith("pages-")).collect(Collectors.toList())) {
                    Files.write(image, new byte[0]);
                }
            }

            assertThatThrownBy(() -> backend.restore(snapshot, "copy", SPEC))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("restoring sandbox copy from the checkpoint of parent failed")
                    .hasMessageContaining("CRIU did not finish within 5 s");
            awaitNoRestoreLeftovers();

            assertThat(containersOfThisJvm()).extracting(c -> c.getLabels().get(ContainerInstance.LABEL_SANDBOX)).containsExactly("parent");
            backend.discard(snapshot);
        }
        assertThat(containersOfThisJvm()).isEmpty();
        assertThat(imagesOfThisJvm()).isEmpty();
        assertThat(EngineLeftovers.take("docker").newSince(before)).as("what the failure left on the host").isEmpty();
    }

    @Test
    void closingTheEmulatorRemovesEveryContainerImageAndCheckpointItMade() {
        Path staging;
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("docker").start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox running = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            Sandbox paused = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            paused.pause();
            running.clone(CloneRequest.DEFAULT);
            paused.clone(CloneRequest.DEFAULT);
            assertThat(containersOf(emulator)).hasSize(4);
            assertThat(imagesOfThisJvm()).as("committed images in use by the clones").isNotEmpty();
            staging = stagingFolderOf(containersOf(emulator).get(0));
            assertThat(staging).exists();
        }
        assertThat(containersOfThisJvm()).isEmpty();
        assertThat(imagesOfThisJvm()).isEmpty();
        assertThat(staging).doesNotExist();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static SandboxClient clientOf(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey("test").build();
    }

    /** Every container of the emulator's backend instance (found through one of its sandboxes), live or not. */
    private static List<Container> containersOf(SandboxEmulator emulator) {
        List<Container> ours = containersOfThisJvm();
        List<String> instances = ours.stream()
                .filter(c -> emulator.sandboxIds().contains(c.getLabels().get(ContainerInstance.LABEL_SANDBOX)))
                .map(c -> c.getLabels().get(ContainerInstance.LABEL_INSTANCE)).distinct().collect(Collectors.toList());
        return ours.stream().filter(c -> instances.contains(c.getLabels().get(ContainerInstance.LABEL_INSTANCE)))
                .collect(Collectors.toList());
    }

    private static List<Container> containersOfThisJvm() {
        return docker.containersLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self());
    }

    private static List<String> imagesOfThisJvm() {
        return docker.imagesLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self()).stream()
                .map(image -> image.getId()).collect(Collectors.toList());
    }

    private static List<String> checkpointsOf(Container container) {
        Path folder = Path.of(docker.info().getDockerRootDir(), "containers", container.getId(), "checkpoints");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path stagingFolderOf(Container container) {
        return Path.of(docker.info().getDockerRootDir(), "sandbox-emulator", container.getLabels().get(ContainerInstance.LABEL_INSTANCE));
    }

    /** No CRIU process, and no half-restored task (which would sit in a docker cgroup with its parent gone). */
    private static void awaitNoRestoreLeftovers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> leftovers;
        do {
            leftovers = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(line -> line.contains("criu")).orElse(false)
                            || p.parent().map(parent -> parent.pid() == 1).orElse(false) && inDockerCgroup(p.pid())
                            && !p.info().command().map(c -> c.contains("containerd") || c.contains("dockerd")).orElse(false))
                    .filter(p -> !isAContainersInit(p))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .collect(Collectors.toList());
            if (leftovers.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        assertThat(leftovers).as("processes a failed restore left behind").isEmpty();
    }

    private static boolean inDockerCgroup(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains("/docker/");
        } catch (IOException e) {
            return false;
        }
    }

    /** A running container's PID 1 (the parent sandbox's supervisor) is a child of its shim, not of init; this excludes nothing else. */
    private static boolean isAContainersInit(ProcessHandle process) {
        return process.parent().flatMap(parent -> parent.info().command()).map(c -> c.contains("containerd-shim")).orElse(false);
    }

    private static void awaitStdout(java.util.function.Supplier<String> stdout, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
