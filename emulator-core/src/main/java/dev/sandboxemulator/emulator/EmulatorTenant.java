package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.SandboxState;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One tenant of a running emulator: its sandboxes, clock, stubs and faults. The emulator's default
 * team is one too, inside {@link RunningEmulator}, which delegates to it; closing that one is the
 * emulator's job.
 */
final class EmulatorTenant implements SandboxTenant {
    private static final System.Logger LOG = System.getLogger(EmulatorTenant.class.getName());

    private final RunningEmulator root;
    private final Engine engine;
    private final Tenant tenant;
    private final String apiKey;
    private final CloneFaults faults;
    private final Stubs stubs;
    private final ClockScheduler ownScheduler;
    private final AutoCloseable expiry;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param ownScheduler the scheduler of the tenant's own clock, closed with it; null when it shares the emulator's
     * @param checksTimeouts whether this view applies timeouts on its clock (the default tenant's and every own clock's)
     */
    EmulatorTenant(RunningEmulator root, Engine engine, Tenant tenant, String apiKey, CloneFaults faults, Stubs stubs,
                   ClockScheduler ownScheduler, boolean checksTimeouts) {
        this.root = root;
        this.engine = engine;
        this.tenant = tenant;
        this.apiKey = apiKey;
        this.faults = faults;
        this.stubs = stubs;
        this.ownScheduler = ownScheduler;
        this.expiry = checksTimeouts ? scheduleExpiry(engine, tenant.clock()) : () -> { };
    }

    @Override
    public String apiUrl() {
        return root.apiUrl();
    }

    @Override
    public String sandboxUrl() {
        return root.sandboxUrlOf(tenant);
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public Clock clock() {
        return tenant.clock();
    }

    int runningQuota() {
        return tenant.runningQuota();
    }

    @Override
    public Stubs stubs() {
        return stubs;
    }

    @Override
    public CloneFaults faults() {
        return faults;
    }

    @Override
    public String backendName() {
        return root.backendName();
    }

    @Override
    public List<String> sandboxIds() {
        return engine.all(tenant).stream().map(SandboxView::sandboxId).collect(Collectors.toList());
    }

    @Override
    public int runningCount() {
        return (int) engine.all(tenant).stream().filter(v -> v.state() == SandboxState.RUNNING).count();
    }

    @Override
    public SandboxFileSystem fileSystem(String sandboxId) {
        try {
            return engine.fileSystem(tenant, sandboxId);
        } catch (EngineException e) {
            throw new NoSuchElementException(e.getMessage());
        }
    }

    /** Kills the tenant's sandboxes, removes its stubs and faults and frees its key; the emulator runs on. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopTimeoutChecks();
        engine.unregister(tenant);
        stubs.clear();
        faults.clear();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        root.forget(this);
    }

    void stopTimeoutChecks() {
        try {
            expiry.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the timeout checks failed", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxTenant[" + apiUrl() + ", " + tenant.name() + "]";
    }

    /**
     * A manual clock applies timeouts when it is advanced; any other clock is checked by a daemon
     * thread several times a second. Either way, a call on a sandbox applies its timeout first.
     */
    private static AutoCloseable scheduleExpiry(Engine engine, Clock clock) {
        if (clock instanceof ManualClock) {
            return ((ManualClock) clock).onAdvance(now -> engine.expireDue());
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sandbox-emulator-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                engine.expireDue();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "applying timeouts failed", e);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }
}
