package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.github.dockerjava.api.model.Container;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.sandboxemulator.emulator.backend.container.ContainerFailureContract.BACKGROUND;
import static dev.sandboxemulator.emulator.backend.container.ContainerFailureContract.awaitStdout;
import static dev.sandboxemulator.emulator.backend.container.ContainerFailureContract.clientOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A container backend when its host fails it during a clone, on each engine: the staging folder
 * runs out of space, a CRIU restore hangs. Each ends with a clear error, the parent running and
 * not frozen, and nothing left on the host ({@link EngineLeftovers}, taken before).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoEmulatorErrorsExtension.class)
abstract class ContainerFaultContract {
    /** A python process holding 32 MiB of random bytes: far more than the tiny staging folder holds. */
    static final String HOLDS_32_MIB = "python3 -c 'import os, time\nb = os.urandom(32 * 1024 * 1024)\nprint(\"held\", flush=True)\n"
            + "time.sleep(3600)'";

    final String engine;
    private DockerApi api;

    ContainerFaultContract(String engine) {
        this.engine = engine;
    }

    @BeforeAll
    void needsTheEngine() {
        ContainerRequirement.assumeAvailable(engine);
        api = DockerApi.connect(engine.equals("docker") ? DockerApi.dockerHost() : PodmanEngine.serviceHost(), Duration.ofSeconds(60));
    }

    @AfterAll
    void disconnect() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aCloneWhoseCheckpointFillsTheStagingFolderFailsSayingTheDiskIsFullAndLeavesNothing() throws Exception {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (TinyTmpfs staging = TinyTmpfs.mount(4)) {
            try (SandboxEmulator emulator = withProperty(ContainerOptions.STAGING_DIR_PROPERTY, staging.path().toString(),
                    () -> SandboxEmulator.builder().backend(engine).start())) {
                Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
                var holder = parent.commands().start(HOLDS_32_MIB, BACKGROUND);
                awaitStdout(holder::stdout, "held");

                assertThatThrownBy(() -> parent.clone(CloneRequest.DEFAULT))
                        .isInstanceOf(SandboxException.class)
                        .hasMessageContaining("checkpointing sandbox " + parent.id() + " failed: the disk is full")
                        .hasMessageContaining("no space left on device")
                        .hasMessageContaining(staging.path().toString());

                assertParentRunsUnfrozen(emulator, parent);
                assertThat(parent.commands().list()).extracting(p -> p.pid()).contains(holder.pid());
                assertThat(staging.files()).as("the staging folder holds only the emulator's owner mark")
                        .allMatch(file -> file.endsWith("/" + LeftoverReaper.OWNER_FILE));
                assertOnlyTheParentsContainerIsNew(before);
            }
            assertThat(staging.files()).as("the staging folder, once the emulator is closed").isEmpty();
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    @Test
    void aRestoreThatHangsFailsAtTheCriuTimeoutKillsTheHungCriuAndLeavesNothing() throws Exception {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        try (SandboxEmulator emulator = withProperty(ContainerOptions.CRIU_TIMEOUT_PROPERTY, "5s",
                () -> SandboxEmulator.builder().backend(engine).start())) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            String parentContainer = containerOf(parent.id()).orElseThrow();
            // The bundle first: Podman's API answers no listing while it restores.
            CriuStaller staller = CriuStaller.stallRestores(runc -> !runc.contains(parentContainer)
                    && (bundleNames(runc, parent.id()) || containersOfThisJvm().stream().anyMatch(runc::contains)));
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> parent.clone(CloneRequest.DEFAULT))
                        .isInstanceOf(SandboxException.class)
                        .hasMessageContaining("restoring sandbox")
                        .hasMessageContaining("did not finish within 5 s");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the clone fails soon after the timeout")
                        .isLessThan(Duration.ofSeconds(30));
                assertThat(staller.stopped()).as("the restore's CRIU was stalled").isNotEmpty();
                awaitGone(staller.stopped());
            } finally {
                staller.close();
            }
            assertParentRunsUnfrozen(emulator, parent);
            assertOnlyTheParentsContainerIsNew(before);
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    /**
     * The engine's daemon killed in the middle of a clone (docker: while CRIU restores the copy, the
     * daemon's own call; podman: while the parent is checkpointed, so that the service is gone when
     * the backend asks it about the restored copy), then started again.
     */
    @Test
    void aDaemonRestartedDuringACloneFailsTheCloneClearlyAndNothingIsLeftOnceItIsBack() throws Exception {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        java.util.Set<String> containerdBefore = engine.equals("docker") ? ForgottenContainerdContainers.all() : java.util.Set.of();
        // The daemon is started again (if the test did not) before the emulator closes.
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).start();
             EngineDaemon daemon = EngineDaemon.of(engine)) {
            Sandbox parent = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            String parentContainer = containerOf(parent.id()).orElseThrow();
            String stage = engine.equals("docker") ? "restore" : "checkpoint";
            java.util.function.Predicate<String> ours = engine.equals("docker")
                    ? runc -> !runc.contains(parentContainer) && containersOfThisJvm().stream().anyMatch(runc::contains)
                    : runc -> runc.contains(parentContainer);
            java.util.concurrent.CompletableFuture<Boolean> stopped = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    if (RuncProcesses.await(stage, ours, Duration.ofSeconds(60)).isEmpty()) {
                        return false;
                    }
                    daemon.kill();
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });

            assertThatThrownBy(() -> parent.clone(CloneRequest.DEFAULT))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("does not answer")
                    .hasMessageNotContaining("Exception:\n");
            assertThat(stopped.get(60, java.util.concurrent.TimeUnit.SECONDS)).as("the daemon was killed at the %s", stage).isTrue();

            // The emulator serves on while the daemon is down.
            assertThat(parent.info().sandboxId()).isEqualTo(parent.id());
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());

            daemon.start();
            Sandbox after = clientOf(emulator).create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(5)).build());
            assertThat(after.commands().run("echo back").stdout()).isEqualTo("back\n");
            String afterContainer = containerOf(after.id()).orElseThrow();
            awaitOnlyNew(before, List.of(parentContainer, afterContainer), Duration.ofSeconds(30));
        } finally {
            if (engine.equals("docker")) {
                // Docker's own leftover, which the backend cannot see (docs/container-backends.md): not left on the host.
                ForgottenContainerdContainers.removeNewOnesDockerForgot(containerdBefore);
            }
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Waits until the containers named are all that is new on the host (the emulator retries the removals that failed). */
    void awaitOnlyNew(EngineLeftovers.Inventory before, List<String> containers, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> unexpected;
        do {
            unexpected = EngineLeftovers.take(engine).newSince(before).stream()
                    .filter(line -> !(line.startsWith("staged ") && line.endsWith("/" + LeftoverReaper.OWNER_FILE)))
                    .filter(line -> containers.stream().noneMatch(id -> line.startsWith("container " + id)))
                    .collect(Collectors.toList());
            if (unexpected.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(unexpected).as("what the failed clone left once the daemon was back").isEmpty();
    }

    /** While the emulator runs: its staging folder's owner mark and the parent's container are all that is new. */
    void assertOnlyTheParentsContainerIsNew(EngineLeftovers.Inventory before) {
        List<String> added = EngineLeftovers.take(engine).newSince(before).stream()
                .filter(line -> !(line.startsWith("staged ") && line.endsWith("/" + LeftoverReaper.OWNER_FILE))).collect(Collectors.toList());
        assertThat(added).as("the parent's container, and nothing else").hasSize(1).allMatch(line -> line.startsWith("container "));
    }

    void assertParentRunsUnfrozen(SandboxEmulator emulator, Sandbox parent) {
        assertThat(parent.info().state()).isEqualTo(SandboxState.RUNNING);
        assertThat(parent.commands().run("echo still here").stdout()).isEqualTo("still here\n");
        assertThat(emulator.sandboxIds()).containsExactly(parent.id());
        String container = containerOf(parent.id()).orElseThrow();
        assertThat(api.inspect(container).getState().getPaused()).as("the engine's paused state").isNotEqualTo(Boolean.TRUE);
        assertThat(CgroupFreezer.of(api.hostPid(container)).isFrozen()).as("the parent's cgroup freezer").isFalse();
    }

    /** A sandbox's container, by name ({@code sandbox-emulator-<id>-<instance>}): a podman clone keeps its parent's labels. */
    Optional<String> containerOf(String sandboxId) {
        return api.containersLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self()).stream()
                .filter(c -> List.of(c.getNames()).stream().anyMatch(name -> name.contains("sandbox-emulator-" + sandboxId + "-")))
                .map(Container::getId).findFirst();
    }

    /** Every container of this JVM's emulators (a podman clone keeps its parent's labels, owner included). */
    List<String> containersOfThisJvm() {
        try {
            return api.containersLabelled(ContainerInstance.LABEL_OWNER + "=" + HostProcess.self()).stream()
                    .map(Container::getId).collect(Collectors.toList());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Whether the OCI bundle a runc command line names has {@code E2B_SANDBOX_ID=<sandboxId>} in its
     * settings: a podman copy carries its parent's settings, and its container is in no listing
     * while Podman restores it.
     */
    static boolean bundleNames(String runcCommandLine, String sandboxId) {
        String[] words = runcCommandLine.split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("--bundle") || words[i].equals("-b")) {
                try {
                    return Files.readString(Path.of(words[i + 1], "config.json")).contains("E2B_SANDBOX_ID=" + sandboxId + "\"");
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
        }
        return false;
    }

    static void awaitGone(java.util.Set<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
            if (System.nanoTime() > deadline) {
                List<String> alive = pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
                assertThat(alive).as("the stalled CRIU processes, still there after the clone failed").isEmpty();
            }
            Thread.sleep(100);
        }
    }

    interface Start<T> {
        T get() throws Exception;
    }

    /** Runs {@code start} with a system property set; the emulator reads its options as it starts. */
    static <T> T withProperty(String property, String value, Start<T> start) throws Exception {
        String old = System.getProperty(property);
        System.setProperty(property, value);
        try {
            return start.get();
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }
}
