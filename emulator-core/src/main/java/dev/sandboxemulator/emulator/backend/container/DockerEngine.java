package dev.sandboxemulator.emulator.backend.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Docker's way to checkpoint and restore (docs/container-backends.md):
 *
 * <ul>
 *   <li>pause: {@code POST /containers/{id}/checkpoints {"Exit":true}}; resume: {@code start?checkpoint=};</li>
 *   <li>capture: freeze → commit the filesystem → dump the memory with runc, leaving it running
 *       ({@link RuncCheckpoint}) → thaw: the parent is frozen for the commit and CRIU's own dump, not
 *       for containerd's upload of the checkpoint into its content store, which costs seconds for
 *       hundreds of MiB;</li>
 *   <li>restore: a container from the committed image, started from a hard-linked copy of the
 *       checkpoint, made unique (containerd refuses byte-identical checkpoints restored at once).</li>
 * </ul>
 * Docker extracts every restored checkpoint into a {@code ctrd-checkpoint*} folder of its own
 * temporary directory and never removes it (containerd issue 10166); each restore removes its own
 * ({@link ContainerdCheckpointCopies}).
 */
final class DockerEngine implements ContainerEngine {
    private static final System.Logger LOG = System.getLogger(DockerEngine.class.getName());
    private static final String PAUSE_CHECKPOINT = "paused";
    private static final String RESTORE_CHECKPOINT = "restore";

    private final DockerApi api;
    private final ContainerInstance instance;
    private final Path containersDirectory;
    private final Path stagingDirectory;
    private final RuncCheckpoint runc;
    private final ContainerdCheckpointCopies restoredCopies;
    private final Set<String> imagesToRemove = ConcurrentHashMap.newKeySet();
    private final AtomicLong checkpointSequence = new AtomicLong();

    private DockerEngine(DockerApi api, ContainerInstance instance, Path containersDirectory, Path stagingDirectory, RuncCheckpoint runc,
                         ContainerdCheckpointCopies restoredCopies) {
        this.api = api;
        this.instance = instance;
        this.containersDirectory = containersDirectory;
        this.stagingDirectory = stagingDirectory;
        this.runc = runc;
        this.restoredCopies = restoredCopies;
    }

    /** Connects to the daemon {@code DOCKER_HOST} names, removes what dead emulators left behind, and gets ready. */
    static DockerEngine connect(ContainerOptions options, ContainerInstance instance) {
        // Before any call: a dead emulator's hung checkpoint can keep the engine from answering.
        OrphanedTools.awaitOrKill(options.stagingRoot(), options.criuTimeout());
        DockerApi api = DockerApi.connect(DockerApi.dockerHost(), options.callTimeout(), options.criuTimeout());
        try {
            Info info;
            try {
                info = api.info();
            } catch (BackendException e) {
                throw new BackendException("no Docker daemon answers at " + api.host() + " (" + e.getMessage()
                        + "); start one with scripts/setup-docker.sh (docs/container-setup.md)", e);
            }
            if (!Boolean.TRUE.equals(info.getExperimentalBuild())) {
                throw new BackendException("the Docker daemon is not experimental, so it has no checkpoint endpoints;"
                        + " run scripts/setup-docker.sh (docs/container-setup.md)");
            }
            Path dockerRoot = Path.of(info.getDockerRootDir());
            Path containers = dockerRoot.resolve("containers");
            if (!Files.isWritable(containers)) {
                throw new BackendException("cannot write " + containers + ": the docker backend copies checkpoints"
                        + " there, so it must run as root on the Docker host");
            }
            ContainerdCheckpointCopies restoredCopies = ContainerdCheckpointCopies.ofRunningDaemon();
            restoredCopies.reapDead();
            Path staging = LeftoverReaper.reapAndPrepare(api, options.stagingRootOr(dockerRoot), dockerRoot.resolve("sandbox-emulator"), instance);
            return new DockerEngine(api, instance, containers, staging, RuncCheckpoint.forDocker(options.criuTimeout()), restoredCopies);
        } catch (IOException e) {
            api.close();
            throw new BackendException("cannot prepare the docker backend's folder: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public DockerApi api() {
        return api;
    }

    // ---- pause, resume ---------------------------------------------------------------------

    @Override
    public void pause(String sandboxId, String containerId) {
        try {
            api.checkpoint(containerId, PAUSE_CHECKPOINT, true);
        } catch (DockerApi.CheckpointFailure e) {
            HostFolders.deleteQuietly(checkpointPath(containerId, PAUSE_CHECKPOINT));
            thawIfFrozen(containerId);
            throw criuFailure("pausing sandbox " + sandboxId, e, containerId, Optional.empty());
        }
        // Two idle sandboxes paused alike can have byte-identical checkpoints, which containerd
        // refuses to take in twice at once ("already exists"): make this one unique.
        markUnique(checkpointPath(containerId, PAUSE_CHECKPOINT), sandboxId);
    }

    @Override
    public void resume(String sandboxId, String containerId) {
        Path checkpoint = checkpointPath(containerId, PAUSE_CHECKPOINT);
        startFromCheckpoint(containerId, PAUSE_CHECKPOINT, checkpoint, "resuming sandbox " + sandboxId);
        HostFolders.deleteQuietly(checkpoint);
    }

    // ---- capture, restore ------------------------------------------------------------------

    @Override
    public BackendSnapshot capture(String sandboxId, String containerId) {
        Path staged = newStagingPath();
        String image;
        api.pause(containerId);
        try {
            // Files first, then memory, both while frozen: one instant for both.
            image = api.commit(containerId, instance.labels());
            try {
                dump(containerId, staged);
            } catch (DockerApi.CheckpointFailure e) {
                Optional<String> diskFull = DiskFull.explain(stagingDirectory, e.daemonMessage());
                HostFolders.deleteQuietly(staged);
                discardImage(image);
                BackendException failure = criuFailure("checkpointing sandbox " + sandboxId, e, containerId, Optional.empty());
                throw diskFull.map(reason -> new BackendException("checkpointing sandbox " + sandboxId + " failed: " + reason
                        + "\n" + failure.getMessage(), e)).orElse(failure);
            } catch (RuntimeException e) {
                Optional<String> diskFull = DiskFull.explain(stagingDirectory, e.getMessage());
                HostFolders.deleteQuietly(staged);
                discardImage(image);
                throw new BackendException("checkpointing sandbox " + sandboxId + " failed: "
                        + diskFull.map(reason -> reason + "\n").orElse("") + e.getMessage(), e);
            }
        } finally {
            // Whatever failed, the parent is never left frozen.
            thawIfFrozen(containerId);
        }
        return new DockerCheckpoint(sandboxId, image, staged);
    }

    /**
     * The memory of a frozen container into {@code staged}: by runc directly where its state is where
     * Docker's runc keeps it, else (another runtime root) through Docker's slower checkpoint endpoint.
     */
    private void dump(String containerId, Path staged) throws DockerApi.CheckpointFailure {
        if (runc.knows(containerId)) {
            runc.dump(containerId, staged);
            return;
        }
        String checkpoint = "clone-" + checkpointSequence.incrementAndGet();
        Path dumped = checkpointPath(containerId, checkpoint);
        try {
            api.checkpoint(containerId, checkpoint, false);
            Files.move(dumped, staged, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackendException("cannot keep the checkpoint: " + e.getMessage(), e);
        } finally {
            HostFolders.deleteQuietly(dumped);
        }
    }

    @Override
    public BackendSnapshot capturePaused(String sandboxId, String containerId) {
        // Its pause checkpoint already holds its memory; the stopped container's files are as they were then.
        Path staged = newStagingPath();
        String image = api.commit(containerId, instance.labels());
        try {
            linkTree(checkpointPath(containerId, PAUSE_CHECKPOINT), staged);
        } catch (RuntimeException e) {
            discardImage(image);
            HostFolders.deleteQuietly(staged);
            throw e;
        }
        return new DockerCheckpoint(sandboxId, image, staged);
    }

    @Override
    public String restore(BackendSnapshot snapshot, String sandboxId, String containerName, Consumer<CreateContainerCmd> settings) {
        DockerCheckpoint taken = (DockerCheckpoint) snapshot;
        String containerId = api.createContainer(taken.image(), settings);
        try {
            Path checkpoint = checkpointPath(containerId, RESTORE_CHECKPOINT);
            linkTree(taken.checkpoint(), checkpoint);
            markUnique(checkpoint, sandboxId);
            startFromCheckpoint(containerId, RESTORE_CHECKPOINT, checkpoint,
                    "restoring sandbox " + sandboxId + " from the checkpoint of " + taken.sourceSandboxId());
            HostFolders.deleteQuietly(checkpoint);
            return containerId;
        } catch (RuntimeException e) {
            try {
                remove(containerId);
            } catch (RuntimeException removal) {
                // The daemon did not answer: the backend removes the copy once it does. The
                // restore's own failure is the one to report.
                e.addSuppressed(removal);
            }
            throw e;
        }
    }

    /** {@code start?checkpoint=}, with CRIU's log on failure and without the copy Docker leaves behind. */
    private void startFromCheckpoint(String containerId, String checkpointId, Path checkpoint, String what) {
        String marker = readMarker(checkpoint);
        try (CriuLog.Capture log = new CriuLog.Capture(containerId)) {
            try {
                api.startFromCheckpoint(containerId, checkpointId);
            } catch (DockerApi.CheckpointFailure e) {
                CriuProcesses.killCgroupMembers(containerId);
                throw criuFailure(what, e, containerId, log.excerpt());
            }
        } finally {
            restoredCopies.remove(marker);
        }
    }

    @Override
    public long sizeOf(BackendSnapshot snapshot) {
        return HostFolders.size(((DockerCheckpoint) snapshot).checkpoint());
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        DockerCheckpoint taken = (DockerCheckpoint) snapshot;
        HostFolders.deleteQuietly(taken.checkpoint());
        discardImage(taken.image());
    }

    @Override
    public void remove(String containerId) {
        api.removeContainer(containerId);
        retryImageRemovals();
    }

    @Override
    public void close() {
        try {
            for (Image image : api.imagesLabelled(instance.instanceFilter())) {
                imagesToRemove.add(image.getId());
            }
            retryImageRemovals();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing the docker backend's images", e);
        }
        HostFolders.deleteQuietly(stagingDirectory);
        api.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Path newStagingPath() {
        return stagingDirectory.resolve("snapshot-" + checkpointSequence.incrementAndGet());
    }

    private Path checkpointPath(String containerId, String checkpoint) {
        return containersDirectory.resolve(containerId).resolve("checkpoints").resolve(checkpoint);
    }

    /** A container that a failed checkpoint left frozen is thawed; one that is not frozen is left alone. */
    private void thawIfFrozen(String containerId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                InspectContainerResponse inspected = api.inspect(containerId);
                if (inspected.getState() == null || !Boolean.TRUE.equals(inspected.getState().getPaused())) {
                    return;
                }
                api.unpause(containerId);
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "thawing container " + DockerApi.short12(containerId) + " (attempt "
                        + (attempt + 1) + ")", e);
                ContainerBackend.sleep(200);
            }
        }
    }

    /** The daemon's reason, with the telling lines of CRIU's own log ({@code captured}, else one found on disk). */
    private BackendException criuFailure(String what, DockerApi.CheckpointFailure failure, String containerId,
                                         Optional<String> captured) {
        List<Path> folders = new ArrayList<>();
        folders.add(containersDirectory.resolve(containerId).resolve("checkpoints"));
        folders.add(Path.of("/run/containerd/io.containerd.runtime.v2.task/moby", containerId));
        folders.add(Path.of("/var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby", containerId));
        String excerpt = captured.or(() -> CriuLog.excerpt(failure.daemonMessage(), folders)).map(text -> "\n" + text).orElse("");
        return new BackendException(what + " failed: " + failure.daemonMessage() + excerpt);
    }

    private void discardImage(String image) {
        imagesToRemove.add(image);
        retryImageRemovals();
    }

    /** Images still used by a container (a clone) or by a newer image are removed once they are not. */
    private void retryImageRemovals() {
        boolean progress = true;
        while (progress && !imagesToRemove.isEmpty()) {
            progress = false;
            for (String image : List.copyOf(imagesToRemove)) {
                try {
                    if (api.removeImage(image)) {
                        imagesToRemove.remove(image);
                        progress = true;
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "removing image " + image, e);
                }
            }
        }
    }

    /**
     * containerd refuses a second upload of byte-identical checkpoint content while the first is in
     * flight ("content sha256:... already exists"): one file unique to each checkpoint makes every
     * one distinct. It also names the owner, so the copy Docker leaves behind can be found and removed.
     */
    private void markUnique(Path checkpoint, String sandboxId) {
        Path marker = checkpoint.resolve(ContainerdCheckpointCopies.MARKER_FILE);
        try {
            // A new file, never a write through a hard link that other copies share (HostFolders.link).
            Files.deleteIfExists(marker);
            Files.writeString(marker, ContainerdCheckpointCopies.marker(instance.owner(), sandboxId + " " + UUID.randomUUID()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("cannot write to checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    private static String readMarker(Path checkpoint) {
        try {
            return Files.readString(checkpoint.resolve(ContainerdCheckpointCopies.MARKER_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static void linkTree(Path source, Path target) {
        try {
            HostFolders.link(source, target);
        } catch (IOException e) {
            throw new BackendException("cannot copy checkpoint " + source + ": " + e.getMessage(), e);
        }
    }
}
