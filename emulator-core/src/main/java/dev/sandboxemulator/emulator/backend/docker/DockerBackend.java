package dev.sandboxemulator.emulator.backend.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Statistics;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sandboxes as Docker containers, with CRIU checkpoint/restore carrying process memory into
 * clones and across pause/resume (docs/docker-backend.md).
 *
 * <ul>
 *   <li>create: a container whose PID 1 is the {@link Supervisor};</li>
 *   <li>pause: checkpoint and stop (memory freed, state on disk); resume: restore;</li>
 *   <li>snapshot (for a clone): freeze, checkpoint leaving it running, commit the filesystem,
 *       thaw; of a paused sandbox: commit and copy its pause checkpoint, not touching it;</li>
 *   <li>restore: a container from the committed image, started from a copy of the checkpoint.</li>
 * </ul>
 * Everything it makes is labelled with this instance and its owner process, so {@link #close()}
 * removes it all, and a later emulator removes what a killed one left ({@link Leftovers}).
 */
public final class DockerBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(DockerBackend.class.getName());

    static final String LABEL_INSTANCE = "dev.sandboxemulator.instance";
    static final String LABEL_OWNER = "dev.sandboxemulator.owner";
    static final String LABEL_SANDBOX = "dev.sandboxemulator.sandbox";
    static final String LABEL_TEMPLATE = "dev.sandboxemulator.template";
    static final String LABEL_METADATA = "dev.sandboxemulator.metadata.";
    private static final String PAUSE_CHECKPOINT = "paused";
    private static final String RESTORE_CHECKPOINT = "restore";
    private static final Duration READY_WAIT = Duration.ofSeconds(20);
    private static final long MIB = 1024L * 1024;
    /** Said once per JVM: every backend instance of a test run would say it again. */
    private static final AtomicBoolean WARNED_ABOUT_USERS = new AtomicBoolean();

    private final DockerOptions options;
    private final DockerApi api;
    private final String instance = UUID.randomUUID().toString();
    private final String owner = HostProcess.self();
    private final Path containersDirectory;
    private final Path stagingDirectory;
    private final Map<String, DockerSandbox> sandboxes = new ConcurrentHashMap<>();
    private final Set<String> imagesToRemove = ConcurrentHashMap.newKeySet();
    private final AtomicLong checkpointSequence = new AtomicLong();
    private final boolean switchUsers = HostProcess.canDumpOtherUsers();
    private final OutputPump pump = new OutputPump();
    private final DirectoryWatcher watcher = new DirectoryWatcher();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-emulator-docker-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** Connects to the daemon, removes what dead emulators left behind, and gets ready. */
    public DockerBackend(DockerOptions options) {
        this.options = options;
        this.api = DockerApi.connect(options.callTimeout(), options.criuTimeout());
        try {
            Info info;
            try {
                info = api.info();
            } catch (BackendException e) {
                throw new BackendException("no Docker daemon answers at " + api.host() + " (" + e.getMessage()
                        + "); start one with scripts/setup-docker.sh (docs/docker-setup.md)", e);
            }
            if (!Boolean.TRUE.equals(info.getExperimentalBuild())) {
                throw new BackendException("the Docker daemon is not experimental, so it has no checkpoint endpoints;"
                        + " run scripts/setup-docker.sh (docs/docker-setup.md)");
            }
            Path dockerRoot = Path.of(info.getDockerRootDir());
            this.containersDirectory = dockerRoot.resolve("containers");
            if (!Files.isWritable(containersDirectory)) {
                throw new BackendException("cannot write " + containersDirectory + ": the docker backend copies checkpoints"
                        + " there, so it must run as root on the Docker host");
            }
            if (!switchUsers && WARNED_ABOUT_USERS.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "this host withholds CAP_SYS_RESOURCE, without which CRIU cannot dump"
                        + " processes of other users: commands run with uid 0 whatever their user (docs/differences.md)");
            }
            Path ours = dockerRoot.resolve("sandbox-emulator");
            Leftovers.reap(api, ours);
            this.stagingDirectory = ours.resolve(instance);
            Files.createDirectories(stagingDirectory);
            Files.writeString(stagingDirectory.resolve(Leftovers.OWNER_FILE), owner);
        } catch (IOException e) {
            closeQuietly();
            throw new BackendException("cannot prepare the docker backend's folder: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public String name() {
        return "docker";
    }

    // ---- create --------------------------------------------------------------------------

    @Override
    public void create(String sandboxId, SandboxSpec spec) {
        String image = options.imageFor(spec.templateId());
        if (api.imageId(image).isEmpty()) {
            throw new BackendException("template '" + spec.templateId() + "' maps to image " + image
                    + ", which this Docker daemon does not have; build it with scripts/setup-docker.sh or map the template"
                    + " to another image (docs/docker-backend.md)");
        }
        String containerId = api.createContainer(image, command -> configure(command, sandboxId, spec));
        try {
            api.start(containerId);
            DockerSandbox sandbox = newSandbox(sandboxId, containerId);
            sandbox.attach(hostPid(containerId));
            awaitSupervisor(sandbox);
            sandboxes.put(sandboxId, sandbox);
        } catch (RuntimeException e) {
            removeQuietly(containerId);
            throw e;
        }
    }

    private void configure(CreateContainerCmd command, String sandboxId, SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.envVars());
        env.put("E2B_SANDBOX", "true");
        env.put("E2B_SANDBOX_ID", sandboxId);
        Map<String, String> labels = new LinkedHashMap<>();
        spec.metadata().forEach((key, value) -> labels.put(LABEL_METADATA + key, value));
        labels.put(LABEL_INSTANCE, instance);
        labels.put(LABEL_OWNER, owner);
        labels.put(LABEL_SANDBOX, sandboxId);
        labels.put(LABEL_TEMPLATE, spec.templateId());
        command.withName("sandbox-emulator-" + sandboxId + "-" + instance.substring(0, 8))
                .withHostName(sandboxId)
                .withEntrypoint(Supervisor.entrypoint())
                .withUser("0:0")
                .withTty(false)
                .withStdinOpen(false)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNanoCPUs((long) spec.cpuCount() * 1_000_000_000L)
                        .withMemory(spec.memoryMb() * MIB)
                        .withNetworkMode(spec.allowInternetAccess() ? "bridge" : "none"));
    }

    private void awaitSupervisor(DockerSandbox sandbox) {
        Path ready = Supervisor.directory(sandbox.root()).resolve("ready");
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!Files.exists(ready)) {
            if (System.nanoTime() > deadline || !sandbox.root().isAlive()) {
                throw new BackendException("the supervisor of sandbox " + sandbox.id + " did not start (does the image have /bin/sh?)");
            }
            sleep(5);
        }
    }

    // ---- pause, resume ---------------------------------------------------------------------

    @Override
    public void pause(String sandboxId) {
        DockerSandbox sandbox = sandbox(sandboxId);
        try {
            api.checkpoint(sandbox.containerId, PAUSE_CHECKPOINT, true);
        } catch (DockerApi.CheckpointFailure e) {
            deleteTree(checkpointPath(sandbox.containerId, PAUSE_CHECKPOINT));
            thawIfFrozen(sandbox.containerId);
            throw criuFailure("pausing sandbox " + sandboxId, e, sandbox.containerId, Optional.empty());
        }
        sandbox.detach();
        // Two idle sandboxes paused alike can have byte-identical checkpoints, which containerd
        // refuses to take in twice at once ("already exists"): make this one unique.
        markUnique(checkpointPath(sandbox.containerId, PAUSE_CHECKPOINT), sandboxId);
    }

    @Override
    public void resume(String sandboxId) {
        DockerSandbox sandbox = sandbox(sandboxId);
        try (CriuLog.Capture log = new CriuLog.Capture(sandbox.containerId)) {
            try {
                api.startFromCheckpoint(sandbox.containerId, PAUSE_CHECKPOINT);
            } catch (DockerApi.CheckpointFailure e) {
                CriuProcesses.killCgroupMembers(sandbox.containerId);
                throw criuFailure("resuming sandbox " + sandboxId, e, sandbox.containerId, log.excerpt());
            }
        }
        deleteTree(checkpointPath(sandbox.containerId, PAUSE_CHECKPOINT));
        sandbox.attach(hostPid(sandbox.containerId));
    }

    // ---- snapshot, restore -----------------------------------------------------------------

    @Override
    public BackendSnapshot snapshot(String sandboxId) {
        DockerSandbox sandbox = sandbox(sandboxId);
        Path staged = stagingDirectory.resolve("snapshot-" + checkpointSequence.incrementAndGet());
        Map<String, String> labels = Map.of(LABEL_INSTANCE, instance, LABEL_OWNER, owner);
        if (sandbox.isPaused()) {
            // Its pause checkpoint already holds its memory; the stopped container's files are as they were then.
            String image = api.commit(sandbox.containerId, labels);
            try {
                linkTree(checkpointPath(sandbox.containerId, PAUSE_CHECKPOINT), staged);
            } catch (RuntimeException e) {
                discardImage(image);
                deleteTree(staged);
                throw e;
            }
            return new DockerSnapshot(sandboxId, image, staged);
        }
        String checkpoint = "clone-" + checkpointSequence.incrementAndGet();
        String image;
        api.pause(sandbox.containerId);
        try {
            try {
                api.checkpoint(sandbox.containerId, checkpoint, false);
            } catch (DockerApi.CheckpointFailure e) {
                deleteTree(checkpointPath(sandbox.containerId, checkpoint));
                throw criuFailure("checkpointing sandbox " + sandboxId, e, sandbox.containerId, Optional.empty());
            }
            try {
                image = api.commit(sandbox.containerId, labels);
            } catch (RuntimeException e) {
                deleteTree(checkpointPath(sandbox.containerId, checkpoint));
                throw e;
            }
        } finally {
            // Whatever failed, the parent is never left frozen.
            thawIfFrozen(sandbox.containerId);
        }
        try {
            Files.move(checkpointPath(sandbox.containerId, checkpoint), staged, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(checkpointPath(sandbox.containerId, checkpoint));
            discardImage(image);
            throw new BackendException("cannot keep the checkpoint of sandbox " + sandboxId + ": " + e.getMessage(), e);
        }
        return new DockerSnapshot(sandboxId, image, staged);
    }

    @Override
    public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) {
        DockerSnapshot taken = (DockerSnapshot) snapshot;
        String containerId = api.createContainer(taken.image(), command -> configure(command, sandboxId, spec));
        try {
            Path checkpoint = checkpointPath(containerId, RESTORE_CHECKPOINT);
            linkTree(taken.checkpoint(), checkpoint);
            markUnique(checkpoint, sandboxId);
            try (CriuLog.Capture log = new CriuLog.Capture(containerId)) {
                try {
                    api.startFromCheckpoint(containerId, RESTORE_CHECKPOINT);
                } catch (DockerApi.CheckpointFailure e) {
                    CriuProcesses.killCgroupMembers(containerId);
                    throw criuFailure("restoring sandbox " + sandboxId + " from the checkpoint of " + taken.sourceSandboxId(), e,
                            containerId, log.excerpt());
                }
            }
            deleteTree(checkpoint);
            DockerSandbox sandbox = newSandbox(sandboxId, containerId);
            sandbox.attach(hostPid(containerId));
            Hostnames.set(sandbox.root().hostPid(), sandboxId);
            sandbox.processes.adoptRestored();
            sandboxes.put(sandboxId, sandbox);
        } catch (RuntimeException e) {
            removeQuietly(containerId);
            throw e;
        }
    }

    @Override
    public int restoreConcurrency() {
        return options.restoreConcurrency();
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        DockerSnapshot taken = (DockerSnapshot) snapshot;
        deleteTree(taken.checkpoint());
        discardImage(taken.image());
    }

    // ---- kill, close -----------------------------------------------------------------------

    @Override
    public void kill(String sandboxId) {
        DockerSandbox sandbox = sandboxes.remove(sandboxId);
        if (sandbox == null) {
            return;
        }
        sandbox.detach();
        sandbox.processes.killAll();
        removeQuietly(sandbox.containerId);
        retryImageRemovals();
    }

    @Override
    public void close() {
        for (String sandboxId : List.copyOf(sandboxes.keySet())) {
            kill(sandboxId);
        }
        try {
            for (Container container : api.containersLabelled(LABEL_INSTANCE + "=" + instance)) {
                removeQuietly(container.getId());
            }
            for (Image image : api.imagesLabelled(LABEL_INSTANCE + "=" + instance)) {
                imagesToRemove.add(image.getId());
            }
            retryImageRemovals();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleaning up the docker backend's containers and images", e);
        }
        deleteTree(stagingDirectory);
        closeQuietly();
    }

    private void closeQuietly() {
        pump.close();
        watcher.close();
        timers.shutdownNow();
        api.close();
    }

    // ---- data plane ------------------------------------------------------------------------

    @Override
    public SandboxFileSystem fileSystem(String sandboxId) {
        return sandbox(sandboxId).fileSystem;
    }

    @Override
    public ProcessManager processes(String sandboxId) {
        return sandbox(sandboxId).processes;
    }

    @Override
    public ResourceUsage usage(String sandboxId) {
        DockerSandbox sandbox = sandbox(sandboxId);
        if (sandbox.isPaused()) {
            return new ResourceUsage(0, 0, 0);
        }
        Statistics stats = api.stats(sandbox.containerId);
        double cpu = 0;
        if (stats.getCpuStats() != null && stats.getPreCpuStats() != null
                && stats.getCpuStats().getCpuUsage() != null && stats.getPreCpuStats().getCpuUsage() != null
                && stats.getCpuStats().getSystemCpuUsage() != null && stats.getPreCpuStats().getSystemCpuUsage() != null) {
            long used = stats.getCpuStats().getCpuUsage().getTotalUsage() - stats.getPreCpuStats().getCpuUsage().getTotalUsage();
            long system = stats.getCpuStats().getSystemCpuUsage() - stats.getPreCpuStats().getSystemCpuUsage();
            Long cpus = stats.getCpuStats().getOnlineCpus();
            if (used > 0 && system > 0) {
                cpu = 100.0 * used / system * (cpus == null ? 1 : cpus);
            }
        }
        long memory = stats.getMemoryStats() == null || stats.getMemoryStats().getUsage() == null ? 0 : stats.getMemoryStats().getUsage();
        long disk = sandbox.fileSystem.totalBytes();
        return new ResourceUsage(cpu, memory, disk);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private DockerSandbox newSandbox(String sandboxId, String containerId) {
        return new DockerSandbox(sandboxId, containerId, pump, watcher, timers, switchUsers);
    }

    private DockerSandbox sandbox(String sandboxId) {
        DockerSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            throw new BackendException("no docker sandbox " + sandboxId);
        }
        return sandbox;
    }

    private int hostPid(String containerId) {
        InspectContainerResponse inspected = api.inspect(containerId);
        Long pid = inspected.getState() == null ? null : inspected.getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new BackendException("container " + DockerApi.short12(containerId) + " is not running");
        }
        return Math.toIntExact(pid);
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
                sleep(200);
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

    private void removeQuietly(String containerId) {
        try {
            api.removeContainer(containerId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing container " + DockerApi.short12(containerId), e);
        }
    }

    /**
     * containerd refuses a second upload of byte-identical checkpoint content while the first is in
     * flight ("content sha256:... already exists"): one file unique to each checkpoint makes every
     * one distinct.
     */
    private static void markUnique(Path checkpoint, String sandboxId) {
        Path marker = checkpoint.resolve("sandbox-emulator-copy");
        try {
            // A new file, never a write through a hard link that other copies share (Trees.link).
            Files.deleteIfExists(marker);
            Files.writeString(marker, sandboxId + " " + UUID.randomUUID(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("cannot write to checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** Removes a folder and everything below it, logging (not throwing) what it cannot remove. */
    static void deleteTree(Path path) {
        if (path == null) {
            return;
        }
        try {
            Trees.delete(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing " + path, e);
        }
    }

    private static void linkTree(Path source, Path target) {
        try {
            Trees.link(source, target);
        } catch (IOException e) {
            throw new BackendException("cannot copy checkpoint " + source + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted");
        }
    }
}
