package dev.sandboxemulator.emulator.backend.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Info;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Podman's way to checkpoint and restore (docs/container-backends.md). Podman calls runc itself,
 * without containerd's content store, and exports a checkpoint as one archive holding the memory
 * and the container's changed files; an archive is restored as a new container.
 *
 * <ul>
 *   <li>capture: {@code podman container checkpoint --leave-running --export}, with the cgroup
 *       frozen by the backend ({@link CgroupFreezer}) from the moment Podman starts its runc until
 *       the archive appears. Podman's own capture is not consistent: with {@code --leave-running}
 *       CRIU thaws the container after the dump and Podman collects the changed files after that,
 *       so files run ahead of memory. CRIU leaves frozen a container it found frozen, so it stays
 *       frozen through the dump and the collection of files; Podman creates the archive only after
 *       both, and copying the memory into it needs no freeze;</li>
 *   <li>restore: {@code podman container restore --import --name}: the captured container's
 *       settings, under a new name (Podman's REST restore ignores the name);</li>
 *   <li>pause: checkpoint with {@code --export} (the archive is what a clone of the paused sandbox
 *       restores); resume: {@code podman container restore}, in place.</li>
 * </ul>
 * The rest goes through Podman's Docker-compatible API service.
 */
final class PodmanEngine implements ContainerEngine {
    /** Where {@code podman system service} listens by default for root. */
    static final String DEFAULT_SOCKET = "unix:///run/podman/podman.sock";
    /** Podman's own variable for the service to use. */
    static final String HOST_VARIABLE = "CONTAINER_HOST";

    private final DockerApi api;
    private final String path;
    private final ContainerOptions options;
    private final Path stagingDirectory;
    private final Map<String, Path> pauseArchives = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private PodmanEngine(DockerApi api, String path, ContainerOptions options, Path stagingDirectory) {
        this.api = api;
        this.path = path;
        this.options = options;
        this.stagingDirectory = stagingDirectory;
    }

    /** The service socket: {@code CONTAINER_HOST} when it names a Unix socket, else Podman's default for root. */
    static String serviceHost() {
        String host = System.getenv(HOST_VARIABLE);
        return host != null && host.startsWith("unix://") ? host : DEFAULT_SOCKET;
    }

    /** The PATH that the {@code podman} command runs with: the API service's, which finds the CRIU it uses. */
    static String commandPath() {
        return DaemonProcess.pathOf(DaemonProcess.find("podman", "service"));
    }

    /** Connects to Podman's API service, removes what dead emulators left behind, and gets ready. */
    static PodmanEngine connect(ContainerOptions options, ContainerInstance instance) {
        // Before any call: a dead emulator's hung checkpoint can keep the engine from answering.
        OrphanedTools.awaitOrKill(options.stagingRoot(), options.criuTimeout());
        DockerApi api = DockerApi.connect(serviceHost(), options.callTimeout(), options.criuTimeout());
        try {
            Info info;
            try {
                info = api.info();
            } catch (BackendException e) {
                throw new BackendException("no Podman API service answers at " + api.host() + " (" + e.getMessage()
                        + "); start one with scripts/setup-docker.sh (docs/container-setup.md)", e);
            }
            Path storage = Path.of(info.getDockerRootDir());
            Path staging = LeftoverReaper.reapAndPrepare(api, options.stagingRootOr(storage), storage.resolve("sandbox-emulator"), instance);
            return new PodmanEngine(api, commandPath(), options, staging);
        } catch (IOException e) {
            api.close();
            throw new BackendException("cannot prepare the podman backend's folder: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "podman";
    }

    @Override
    public DockerApi api() {
        return api;
    }

    // ---- pause, resume ---------------------------------------------------------------------

    @Override
    public void pause(String sandboxId, String containerId) {
        Path archive = newArchive("paused");
        HostCommand.Result result = podman(containerId, "container", "checkpoint", "--export", archive.toString(), "--compress", "none",
                containerId);
        if (!result.succeeded()) {
            Optional<String> diskFull = DiskFull.explain(stagingDirectory, result.said());
            HostFolders.deleteQuietly(archive);
            BackendException failure = criuFailure("pausing sandbox " + sandboxId, result);
            throw diskFull.map(reason -> new BackendException("pausing sandbox " + sandboxId + " failed: " + reason
                    + "\n" + failure.getMessage())).orElse(failure);
        }
        pauseArchives.put(containerId, archive);
    }

    @Override
    public void resume(String sandboxId, String containerId) {
        HostCommand.Result result = podman(containerId, "container", "restore", containerId);
        if (!result.succeeded()) {
            throw criuFailure("resuming sandbox " + sandboxId, result);
        }
        Path archive = pauseArchives.remove(containerId);
        HostFolders.deleteQuietly(archive);
    }

    // ---- capture, restore ------------------------------------------------------------------

    @Override
    public BackendSnapshot capture(String sandboxId, String containerId) {
        CgroupFreezer freezer = CgroupFreezer.of(api.hostPid(containerId));
        Optional<PodmanArchive> captured = capture(sandboxId, containerId, freezer, true);
        if (captured.isPresent()) {
            return captured.get();
        }
        // CRIU froze the container before the backend did, so it thawed it after its dump, before
        // Podman took the files: those may be ahead of the memory. Again, frozen from the start.
        return capture(sandboxId, containerId, freezer, false).orElseThrow(() ->
                new BackendException("checkpointing sandbox " + sandboxId + " failed: the container did not stay frozen"));
    }

    /**
     * One consistent capture, or empty when it may not be. The freeze starts when Podman starts its
     * runc ({@code freezeWhenRuncStarts}: the podman command's own start-up, about 0.1 s, is then
     * not part of the stall), or before the command starts. It ends as soon as the archive appears:
     * Podman creates it after the dump and the collection of the changed files.
     */
    private Optional<PodmanArchive> capture(String sandboxId, String containerId, CgroupFreezer freezer, boolean freezeWhenRuncStarts) {
        Path archive = newArchive("snapshot");
        HostCommand.Result result;
        boolean stayedFrozen;
        if (!freezeWhenRuncStarts) {
            freezer.freeze();
        }
        try {
            HostCommand checkpoint = HostCommand.start(podmanCommand("container", "checkpoint", "--leave-running", "--export",
                    archive.toString(), "--compress", "none", containerId), path, options.criuTimeout(), containerId)
                    .orElseThrow(() -> new BackendException("cannot run the podman command (PATH " + path + ")"));
            if (freezeWhenRuncStarts) {
                while (checkpoint.isAlive() && !checkpoint.hasDescendant("runc")) {
                    LockSupport.parkNanos(200_000);
                }
                if (checkpoint.isAlive()) {
                    freezer.freeze();
                }
            }
            while (checkpoint.isAlive() && !Files.exists(archive)) {
                LockSupport.parkNanos(500_000);
            }
            // CRIU thaws, on its way out, only a container that it froze itself.
            stayedFrozen = freezer.isFrozen();
            freezer.thaw();
            result = checkpoint.await();
        } finally {
            // Whatever failed, the parent is never left frozen.
            freezer.thaw();
        }
        if (!result.succeeded()) {
            Optional<String> diskFull = DiskFull.explain(stagingDirectory, result.said());
            HostFolders.deleteQuietly(archive);
            BackendException failure = criuFailure("checkpointing sandbox " + sandboxId, result);
            throw diskFull.map(reason -> new BackendException("checkpointing sandbox " + sandboxId + " failed: " + reason
                    + "\n" + failure.getMessage())).orElse(failure);
        }
        if (!stayedFrozen) {
            HostFolders.deleteQuietly(archive);
            return Optional.empty();
        }
        return Optional.of(new PodmanArchive(sandboxId, archive));
    }

    @Override
    public BackendSnapshot capturePaused(String sandboxId, String containerId) {
        Path paused = pauseArchives.get(containerId);
        if (paused == null) {
            throw new BackendException("sandbox " + sandboxId + " is paused, but its checkpoint archive is gone");
        }
        Path archive = newArchive("snapshot");
        try {
            // Nobody writes to an archive: a hard link is a copy.
            Files.createLink(archive, paused);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.copy(paused, archive);
            } catch (IOException copyFailed) {
                throw new BackendException("cannot copy the checkpoint of sandbox " + sandboxId + ": " + copyFailed.getMessage(), copyFailed);
            }
        }
        return new PodmanArchive(sandboxId, archive);
    }

    @Override
    public String restore(BackendSnapshot snapshot, String sandboxId, String containerName, Consumer<CreateContainerCmd> settings) {
        PodmanArchive taken = (PodmanArchive) snapshot;
        HostCommand.Result result = podman(containerName, "container", "restore", "--import", taken.archive().toString(),
                "--name", containerName);
        if (!result.succeeded()) {
            BackendException failure = criuFailure("restoring sandbox " + sandboxId + " from the checkpoint of " + taken.sourceSandboxId(),
                    result);
            try {
                remove(containerName);
            } catch (RuntimeException removal) {
                // The service did not answer: the backend removes the copy once it does.
                failure.addSuppressed(removal);
            }
            throw failure;
        }
        // Should the service not answer here, the backend removes the restored copy by name.
        return api.inspect(containerName).getId();
    }

    @Override
    public long sizeOf(BackendSnapshot snapshot) {
        return HostFolders.size(((PodmanArchive) snapshot).archive());
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        HostFolders.deleteQuietly(((PodmanArchive) snapshot).archive());
    }

    @Override
    public void remove(String containerId) {
        api.removeContainer(containerId);
        HostFolders.deleteQuietly(pauseArchives.remove(containerId));
    }

    @Override
    public void close() {
        HostFolders.deleteQuietly(stagingDirectory);
        api.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Path newArchive(String kind) {
        return stagingDirectory.resolve(kind + "-" + sequence.incrementAndGet() + ".tar");
    }

    private HostCommand.Result podman(String containerId, String... arguments) {
        return HostCommand.run(podmanCommand(arguments), path, options.criuTimeout(), containerId);
    }

    private static List<String> podmanCommand(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(arguments));
        return command;
    }

    /** Podman's words, with the telling lines of the CRIU log it names. */
    private static BackendException criuFailure(String what, HostCommand.Result result) {
        String excerpt = CriuLog.excerpt(result.said(), List.of()).map(text -> "\n" + text).orElse("");
        return new BackendException(what + " failed: " + result.said() + excerpt);
    }

    /** A captured sandbox: Podman's checkpoint archive (memory and changed files), kept by the backend. */
    record PodmanArchive(String sourceSandboxId, Path archive) implements BackendSnapshot {
    }
}
