package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
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
 * {@link ContainerFailureContract} on Docker, and what only Docker's restore can do wrong: a damaged
 * checkpoint, a restore that hangs (CRIU is killed), and the checkpoint folders Docker keeps in its
 * containers.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class DockerFailureCleanupTest extends ContainerFailureContract {
    private static final SandboxSpec SPEC = new SandboxSpec("base", Map.of(), 1, 512, 1024);
    private DockerApi docker;

    DockerFailureCleanupTest() {
        super("docker");
    }

    @BeforeAll
    void connect() {
        docker = DockerApi.connect(DockerApi.dockerHost(), Duration.ofSeconds(60));
    }

    @AfterAll
    void disconnect() {
        if (docker != null) {
            docker.close();
        }
    }

    @Override
    void assertNothingKeptOfTheFailedCapture(SandboxEmulator emulator, Sandbox parent) {
        Container container = docker.containersLabelled(ContainerInstance.LABEL_SANDBOX + "=" + parent.id()).get(0);
        assertThat(checkpointsOf(container)).as("no checkpoint left in the parent").isEmpty();
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

    // ---- helpers ---------------------------------------------------------------------------

    private List<Container> containersOfThisJvm() {
        return docker.containersLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self());
    }

    private List<String> imagesOfThisJvm() {
        return docker.imagesLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self()).stream()
                .map(image -> image.getId()).collect(Collectors.toList());
    }

    private List<String> checkpointsOf(Container container) {
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

}
