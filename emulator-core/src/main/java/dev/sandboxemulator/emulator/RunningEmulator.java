package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.IdGenerator;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.server.envd.EnvdHandler;
import dev.sandboxemulator.emulator.server.EmulatorServer;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A whole emulator: the HTTP server, the engine, the backend, and the default tenant that every
 * API key reaches unless a {@linkplain #newTenant tenant} claims it.
 */
final class RunningEmulator implements SandboxEmulator {
    /**
     * The key to hand out when the emulator accepts any: it reaches the default tenant. Keys the
     * emulator makes look like E2B's ({@code e2b_} and hex), which E2B's Python SDK checks; Novita's
     * SDKs take any key.
     */
    static final String DEFAULT_API_KEY = "e2b_00000000000000000000000000000000";

    private final Engine engine;
    private final EmulatorServer server;
    private final ClockScheduler scheduler;
    private final Stubs stubs = new Stubs();
    private final EmulatorTenant defaultTenant;
    private final Set<EmulatorTenant> tenants = ConcurrentHashMap.newKeySet();
    private final String host;
    private final String apiKey;

    RunningEmulator(Builder builder) {
        this.host = builder.host;
        this.apiKey = builder.apiKey == null ? DEFAULT_API_KEY : builder.apiKey;
        this.scheduler = schedulerOn(builder.clock);
        Backend backend = createBackend(builder, scheduler, stubs);
        IdGenerator ids = builder.idSeed == null ? IdGenerator.random() : IdGenerator.seeded(builder.idSeed);
        CloneFaults faults = new CloneFaults();
        Tenant tenant = new Tenant("default", builder.clock, scheduler, builder.settings.runningQuota(), faults.asPolicy());
        this.engine = new Engine(backend, builder.settings, ids, tenant);
        EmulatorServer started;
        try {
            started = EmulatorServer.start(engine, builder.host, builder.port, Optional.ofNullable(builder.apiKey));
        } catch (RuntimeException e) {
            engine.close();
            scheduler.close();
            throw e;
        }
        this.server = started;
        this.defaultTenant = new EmulatorTenant(this, engine, tenant, apiKey, faults, stubs, null, true);
    }

    @Override
    public String apiUrl() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    }

    @Override
    public String sandboxUrl() {
        return apiUrl();
    }

    /**
     * The data-plane URL of {@code tenant}: the shared one for the default tenant, a path of its own
     * for any other, so that a request naming no sandbox is routed among that tenant's sandboxes only.
     */
    String sandboxUrlOf(Tenant tenant) {
        return tenant == engine.defaultTenant() ? sandboxUrl() : EnvdHandler.tenantUrl(sandboxUrl(), tenant);
    }

    /** The port the server bound. */
    int port() {
        return server.port();
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public Clock clock() {
        return defaultTenant.clock();
    }

    @Override
    public Stubs stubs() {
        return stubs;
    }

    @Override
    public CloneFaults faults() {
        return defaultTenant.faults();
    }

    @Override
    public String backendName() {
        return engine.backendName();
    }

    @Override
    public List<String> sandboxIds() {
        return defaultTenant.sandboxIds();
    }

    @Override
    public int runningCount() {
        return defaultTenant.runningCount();
    }

    @Override
    public SandboxFileSystem fileSystem(String sandboxId) {
        return defaultTenant.fileSystem(sandboxId);
    }

    @Override
    public SandboxTenant newTenant(TenantOptions options) {
        String key = options.apiKey().orElseGet(RunningEmulator::generatedKey);
        if (key.equals(apiKey)) {
            throw new IllegalArgumentException("API key " + key + " is the emulator's own key; a tenant needs a key of its own");
        }
        Clock clock = options.clock().orElse(defaultTenant.clock());
        ClockScheduler ownScheduler = clock == defaultTenant.clock() ? null : schedulerOn(clock);
        VirtualTime time = ownScheduler == null ? scheduler : ownScheduler;
        CloneFaults faults = new CloneFaults();
        Tenant tenant = new Tenant("tenant " + key, clock, time,
                options.runningQuota().orElse(defaultTenant.runningQuota()), faults.asPolicy());
        try {
            engine.register(key, tenant);
        } catch (IllegalArgumentException e) {
            if (ownScheduler != null) {
                ownScheduler.close();
            }
            throw e;
        }
        Stubs scoped = stubs.scoped(sandboxId -> engine.belongsTo(tenant, sandboxId));
        EmulatorTenant view = new EmulatorTenant(this, engine, tenant, key, faults, scoped, ownScheduler, ownScheduler != null);
        tenants.add(view);
        return view;
    }

    void forget(EmulatorTenant tenant) {
        tenants.remove(tenant);
    }

    @Override
    public void close() {
        List.copyOf(tenants).forEach(EmulatorTenant::close);
        defaultTenant.stopTimeoutChecks();
        server.close();
        engine.close();
        scheduler.close();
    }

    @Override
    public String toString() {
        return "SandboxEmulator[" + apiUrl() + ", backend=" + backendName() + "]";
    }

    private static String generatedKey() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "e2b_" + HexFormat.of().formatHex(bytes);
    }

    /** A scheduler on {@code clock}: driven by its advances if it is a {@link ManualClock}, by its own time if not. */
    private static ClockScheduler schedulerOn(Clock clock) {
        if (clock instanceof ManualClock manual) {
            return ClockScheduler.manual(manual, manual::onAdvance);
        }
        return ClockScheduler.ticking(clock);
    }

    /** The plugged-in backend if the builder was given one, else the built-in backend it names. */
    private static Backend createBackend(Builder builder, VirtualTime time, Stubs stubs) {
        if (builder.pluggedBackend != null) {
            return builder.pluggedBackend;
        }
        return BuiltInBackends.create(builder.backend,
                new BuiltInBackends.Context(builder.clock, time, stubs, builder.templateImages));
    }
}
