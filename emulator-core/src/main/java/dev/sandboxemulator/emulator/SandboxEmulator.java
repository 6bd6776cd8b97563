package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.engine.CloneFaultPolicy;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.EngineSettings;
import dev.sandboxemulator.emulator.engine.IdGenerator;
import dev.sandboxemulator.emulator.engine.SandboxState;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.server.EmulatorServer;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running Novita Sandbox emulator: the service's wire API on a local port, backed by
 * simulated (in-memory) sandboxes.
 *
 * <p>Point an SDK at {@link #apiUrl()} ({@code NOVITA_API_URL}) and {@link #sandboxUrl()}
 * ({@code NOVITA_SANDBOX_URL}). Close it to stop the server and destroy every sandbox.
 *
 * <pre>{@code
 * try (SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start()) {
 *     SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).apiKey("test").build();
 *     ...
 * }
 * }</pre>
 */
public final class SandboxEmulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxEmulator.class.getName());

    private final Engine engine;
    private final EmulatorServer server;
    private final Clock clock;
    private final Faults faults;
    private final String host;
    private final AutoCloseable expiry;
    private final ClockScheduler scheduler;
    private final Stubs stubs = new Stubs();

    private SandboxEmulator(Builder builder) {
        this.clock = builder.clock;
        this.faults = new Faults();
        this.host = builder.host;
        EngineSettings settings = builder.settings;
        this.scheduler = new ClockScheduler(clock);
        Backend backend = createBackend(builder.backend, clock, scheduler, stubs);
        IdGenerator ids = builder.idSeed == null ? IdGenerator.random() : IdGenerator.seeded(builder.idSeed);
        this.engine = new Engine(backend, clock, settings, ids, faultPolicy(faults));
        EmulatorServer started;
        try {
            started = EmulatorServer.start(engine, scheduler, builder.host, builder.port, Optional.ofNullable(builder.apiKey));
        } catch (RuntimeException e) {
            engine.close();
            scheduler.close();
            throw e;
        }
        this.server = started;
        this.expiry = scheduleExpiry(engine, clock);
    }

    /** Starts an emulator with every default: simulated backend, system clock, a free port. */
    public static SandboxEmulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The control-plane base URL: the SDK's {@code NOVITA_API_URL}. */
    public String apiUrl() {
        return "http://" + urlHost() + ":" + server.port();
    }

    /** The data-plane (envd) base URL shared by every sandbox: the SDK's {@code NOVITA_SANDBOX_URL}. */
    public String sandboxUrl() {
        return apiUrl();
    }

    public int port() {
        return server.port();
    }

    /** The emulator's clock; a {@link ManualClock} when the builder was given one. */
    public Clock clock() {
        return clock;
    }

    /**
     * The manual clock, for tests that move time.
     *
     * @throws IllegalStateException if this emulator runs on another clock
     */
    public ManualClock manualClock() {
        if (!(clock instanceof ManualClock)) {
            throw new IllegalStateException("this emulator runs on " + clock + "; build it with manualClock() to move time");
        }
        return (ManualClock) clock;
    }

    /**
     * The commands that the simulated backend fakes: a test registers what {@code python3 train.py}
     * (or any program the sandbox lacks) prints and returns. Unmatched unknown commands exit 127.
     */
    public Stubs stubs() {
        return stubs;
    }

    /** Where tests plant failures. */
    public Faults faults() {
        return faults;
    }

    /** The backend's name: {@code simulated} or {@code docker}. */
    public String backendName() {
        return engine.backendName();
    }

    /** The ids of every sandbox that exists now (running or paused), oldest first. */
    public List<String> sandboxIds() {
        return engine.all().stream().map(SandboxView::sandboxId).collect(Collectors.toList());
    }

    /** How many sandboxes are running now (the figure the quota limits). */
    public int runningCount() {
        return (int) engine.all().stream().filter(v -> v.state() == SandboxState.RUNNING).count();
    }

    /**
     * A sandbox's filesystem, to seed files before a test or inspect them after, without going
     * through the data plane.
     *
     * @throws dev.sandboxemulator.emulator.engine.EmulatorException with status 404 for unknown ids
     */
    public SandboxFileSystem fileSystem(String sandboxId) {
        return engine.fileSystem(sandboxId);
    }

    /** Applies every timeout that has passed now. Needed only with clocks that are neither system nor manual. */
    public void applyTimeouts() {
        engine.expireDue();
    }

    /** Stops the server and destroys every sandbox. */
    @Override
    public void close() {
        try {
            expiry.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the timeout scheduler failed", e);
        }
        server.close();
        engine.close();
        scheduler.close();
    }

    @Override
    public String toString() {
        return "SandboxEmulator[" + apiUrl() + ", backend=" + backendName() + "]";
    }

    private String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Backend createBackend(String name, Clock clock, VirtualTime time, Stubs stubs) {
        if ("simulated".equals(name)) {
            return new SimulatedBackend(clock, time, stubs);
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; this build offers: simulated");
    }

    private static CloneFaultPolicy faultPolicy(Faults faults) {
        return new CloneFaultPolicy() {
            @Override
            public Optional<String> cloneFailure(CloneAttempt attempt) {
                return faults.cloneFailure(attempt);
            }

            @Override
            public void beforeSnapshot(String parentId) {
                faults.beforeSnapshot(parentId);
            }
        };
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

    /**
     * Settings for a new emulator. Not thread-safe; each {@link #start()} makes an independent
     * emulator.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String backend = "simulated";
        private Clock clock = Clock.systemUTC();
        private String apiKey;
        private Long idSeed;
        private EngineSettings settings = EngineSettings.DEFAULTS;

        private Builder() {
        }

        /** The address to bind; {@code 127.0.0.1} by default, so nothing is exposed beyond this machine. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The backend by name; {@code simulated} (the default). */
        public Builder backend(String backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The clock that drives timeouts and timestamps; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs on a fresh {@link ManualClock}, reachable through {@link SandboxEmulator#manualClock()}. */
        public Builder manualClock() {
            return clock(ManualClock.create());
        }

        /** Requires exactly this {@code X-API-KEY}; by default any non-empty key is accepted. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** How many sandboxes may run at once; 100 by default, as on Novita's paid tier. */
        public Builder runningQuota(int quota) {
            this.settings = settings.withRunningQuota(quota);
            return this;
        }

        /** Every engine rule at once. */
        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Makes sandbox ids repeatable from run to run. */
        public Builder idSeed(long seed) {
            this.idSeed = seed;
            return this;
        }

        /** The cap on sandbox lifetimes (1 h by default). */
        public Builder maxTimeout(Duration maxTimeout) {
            EngineSettings s = settings;
            this.settings = new EngineSettings(s.runningQuota(), maxTimeout, s.longRunningMaxTimeout(),
                    s.pausedParentCloneTimeout(), s.cpuCount(), s.memoryMb(), s.diskSizeMb(), s.envdVersion());
            return this;
        }

        /** Starts the emulator. */
        public SandboxEmulator start() {
            return new SandboxEmulator(this);
        }
    }
}
