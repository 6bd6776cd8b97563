package dev.sandboxemulator.emulator.backend.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Statistics;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxEnvironment;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sandboxes as containers of a real engine (Docker or Podman), with CRIU checkpoint/restore
 * carrying process memory into clones and across pause/resume (docs/container-backends.md).
 *
 * <ul>
 *   <li>create: a container whose PID 1 is the {@link Supervisor};</li>
 *   <li>pause: checkpoint and stop (memory freed, state on disk); resume: restore;</li>
 *   <li>snapshot (for a clone): the engine's consistent capture of files and memory;</li>
 *   <li>restore: a new container, restored from the capture.</li>
 * </ul>
 * What differs between engines is the {@link ContainerEngine}'s; the rest (containers' settings,
 * the supervisor, files, processes, cleanup) is here, through the Docker-compatible API.
 */
public final class ContainerBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(ContainerBackend.class.getName());

    private static final Duration READY_WAIT = Duration.ofSeconds(20);
    /** How often removals that failed (the daemon did not answer) are tried again. */
    private static final Duration REMOVAL_RETRY_INTERVAL = Duration.ofSeconds(2);
    /** How long closing waits for removals that keep failing (a daemon that is down). */
    private static final Duration REMOVAL_DRAIN_ON_CLOSE = Duration.ofSeconds(15);
    private static final long MIB = 1024L * 1024;
    /** Said once per JVM: every backend instance of a test run would say it again. */
    private static final AtomicBoolean WARNED_ABOUT_USERS = new AtomicBoolean();

    private final ContainerEngine engine;
    private final ContainerOptions options;
    private final ContainerInstance instance;
    private final DockerApi api;
    private final Map<String, ContainerSandbox> sandboxes = new ConcurrentHashMap<>();
    private final boolean switchUsers = HostProcess.canDumpOtherUsers();
    private final OutputPump pump = new OutputPump();
    private final DirectoryWatcher watcher = new DirectoryWatcher();
    private final PendingRemovals pendingRemovals;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-emulator-container-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** A backend on {@code engine} ({@code docker} or {@code podman}), connected and ready. */
    public static ContainerBackend connect(String engine, ContainerOptions options) {
        ContainerInstance instance = ContainerInstance.create();
        ContainerEngine connected = switch (engine) {
            case "docker" -> DockerEngine.connect(options, instance);
            case "podman" -> PodmanEngine.connect(options, instance);
            default -> throw new IllegalArgumentException("unknown container engine '" + engine + "'; this build offers: "
                    + ContainerBackends.ENGINES);
        };
        return new ContainerBackend(connected, options, instance);
    }

    /** A backend over a connected engine, which it closes with itself. */
    ContainerBackend(ContainerEngine engine, ContainerOptions options, ContainerInstance instance) {
        this.engine = engine;
        this.options = options;
        this.instance = instance;
        this.api = engine.api();
        this.pendingRemovals = new PendingRemovals(engine::remove);
        timers.scheduleWithFixedDelay(pendingRemovals::retry, REMOVAL_RETRY_INTERVAL.toMillis(), REMOVAL_RETRY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        if (!switchUsers && WARNED_ABOUT_USERS.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "this host withholds CAP_SYS_RESOURCE, without which CRIU cannot dump"
                    + " processes of other users: commands run with uid 0 whatever their user (docs/differences.md)");
        }
    }

    @Override
    public String name() {
        return engine.name();
    }

    // ---- create --------------------------------------------------------------------------

    @Override
    public void create(String sandboxId, SandboxSpec spec) {
        String image = options.imageFor(spec.templateId());
        if (api.imageId(image).isEmpty()) {
            throw new BackendException("template '" + spec.templateId() + "' maps to image " + image
                    + ", which this " + engine.name() + " engine does not have; build it with scripts/setup-docker.sh or map the"
                    + " template to another image (docs/container-backends.md)");
        }
        String containerId = api.createContainer(image, command -> configure(command, sandboxId, spec));
        try {
            api.start(containerId);
            ContainerSandbox sandbox = newSandbox(sandboxId, containerId);
            sandbox.attach(api.hostPid(containerId));
            awaitSupervisor(sandbox);
            sandboxes.put(sandboxId, sandbox);
        } catch (RuntimeException e) {
            removeQuietly(containerId);
            throw e;
        }
    }

    private void configure(CreateContainerCmd command, String sandboxId, SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.envVars());
        env.putAll(SandboxEnvironment.identity(sandboxId));
        Map<String, String> labels = new LinkedHashMap<>();
        spec.metadata().forEach((key, value) -> labels.put(ContainerInstance.LABEL_METADATA + key, value));
        labels.putAll(instance.labels());
        labels.put(ContainerInstance.LABEL_SANDBOX, sandboxId);
        labels.put(ContainerInstance.LABEL_TEMPLATE, spec.templateId());
        command.withName(containerName(sandboxId))
                .withHostName(sandboxId)
                .withEntrypoint(Supervisor.entrypoint())
                .withUser("0:0")
                .withTty(false)
                .withStdinOpen(false)
                // A kill is a kill: no grace period (Podman's forced removal would otherwise wait 10 s for
                // a PID 1 that ignores SIGTERM).
                .withStopTimeout(0)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNanoCPUs((long) spec.cpuCount() * 1_000_000_000L)
                        .withMemory(spec.memoryMb() * MIB)
                        .withNetworkMode(spec.allowInternetAccess() ? "bridge" : "none"));
    }

    private String containerName(String sandboxId) {
        return "sandbox-emulator-" + sandboxId + "-" + instance.shortId();
    }

    private void awaitSupervisor(ContainerSandbox sandbox) {
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
        ContainerSandbox sandbox = sandbox(sandboxId);
        engine.pause(sandboxId, sandbox.containerId);
        sandbox.detach();
    }

    @Override
    public void resume(String sandboxId) {
        ContainerSandbox sandbox = sandbox(sandboxId);
        engine.resume(sandboxId, sandbox.containerId);
        sandbox.attach(api.hostPid(sandbox.containerId));
    }

    // ---- snapshot, restore -----------------------------------------------------------------

    @Override
    public BackendSnapshot snapshot(String sandboxId) {
        ContainerSandbox sandbox = sandbox(sandboxId);
        return sandbox.isPaused() ? engine.capturePaused(sandboxId, sandbox.containerId) : engine.capture(sandboxId, sandbox.containerId);
    }

    @Override
    public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) {
        String containerId;
        try {
            containerId = engine.restore(snapshot, sandboxId, containerName(sandboxId), command -> configure(command, sandboxId, spec));
        } catch (RuntimeException e) {
            // The engine removes a failed copy, unless its daemon did not answer (restarting): then
            // the copy is removed by name once it answers again.
            removeQuietly(containerName(sandboxId));
            throw e;
        }
        try {
            ContainerSandbox sandbox = newSandbox(sandboxId, containerId);
            sandbox.attach(api.hostPid(containerId));
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
    public int restoreConcurrency(BackendSnapshot snapshot) {
        return options.restoreConcurrencyFor(engine.sizeOf(snapshot), Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        engine.discard(snapshot);
    }

    // ---- kill, close -----------------------------------------------------------------------

    @Override
    public void kill(String sandboxId) {
        ContainerSandbox sandbox = sandboxes.remove(sandboxId);
        if (sandbox == null) {
            return;
        }
        sandbox.detach();
        sandbox.processes.killAll();
        removeQuietly(sandbox.containerId);
    }

    @Override
    public void close() {
        for (String sandboxId : List.copyOf(sandboxes.keySet())) {
            kill(sandboxId);
        }
        try {
            for (Container container : api.containersLabelled(instance.instanceFilter())) {
                removeQuietly(container.getId());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleaning up the " + engine.name() + " backend's containers", e);
        }
        timers.shutdownNow();
        pendingRemovals.drain(REMOVAL_DRAIN_ON_CLOSE);
        pump.close();
        watcher.close();
        engine.close();
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
        ContainerSandbox sandbox = sandbox(sandboxId);
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

    private ContainerSandbox newSandbox(String sandboxId, String containerId) {
        return new ContainerSandbox(sandboxId, containerId, pump, watcher, timers, switchUsers);
    }

    private ContainerSandbox sandbox(String sandboxId) {
        ContainerSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            throw new BackendException("no " + engine.name() + " sandbox " + sandboxId);
        }
        return sandbox;
    }

    private void removeQuietly(String containerId) {
        try {
            engine.remove(containerId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing container " + DockerApi.short12(containerId) + " failed; it is tried again", e);
            pendingRemovals.add(containerId);
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted");
        }
    }
}
