package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotFoundException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotRunningException;
import dev.sandboxemulator.emulator.engine.error.WrongSandboxStateException;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of the service: lifecycle, timeouts, quota and clone semantics, over a {@link Backend}.
 *
 * <p>Thread-safe. Each sandbox has a lock (see {@link SandboxRecord}); an operation on a sandbox
 * holds it for the whole state change, backend work included, so operations on one sandbox are
 * serialized and operations on different sandboxes run in parallel. A clone holds its parent's
 * lock only while the snapshot is taken, then makes the copies with the parent free again.
 *
 * <p>The server calls only this class. It keeps the sandbox records and their locks, since nearly
 * every rule needs them, and hands each other part to a class of its own, so that a rule is found in
 * one place: {@link Tenants} (which tenant a key reaches), {@link SnapshotStore} (snapshot templates),
 * {@link CloneOrchestrator} (clones, forks and their restore threads), {@link Expiry} (what a passed timeout
 * does), {@link IdleClock} (when a sandbox is idle), {@link TimeoutLimits} (the caps on a timeout) and {@link PageTokens} (paging).
 */
public final class Engine implements AutoCloseable {

    private static final Pattern TEMPLATE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*(:[a-zA-Z0-9_.-]+)?");

    private final Backend backend;
    private final EngineSettings settings;
    private final IdGenerator ids;
    private final Tenants tenants;
    private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();
    private final SnapshotStore snapshots;
    private final TimeoutLimits timeouts;
    private final CloneOrchestrator cloning;
    private final Expiry expiry;
    private final AtomicLong sequence = new AtomicLong();

    public Engine(Backend backend, EngineSettings settings, IdGenerator ids, Tenant defaultTenant) {
        this.backend = backend;
        this.settings = settings;
        this.ids = ids;
        this.tenants = new Tenants(defaultTenant);
        this.snapshots = new SnapshotStore(backend);
        this.timeouts = new TimeoutLimits(settings);
        this.expiry = new Expiry(this::pauseLocked, this::remove);
        this.cloning = new CloneOrchestrator(backend, ids, timeouts, settings.pausedParentCloneTimeout(), new CloneBookkeeping());
    }

    public EngineSettings settings() {
        return settings;
    }

    // ---- tenants -------------------------------------------------------------------------

    /** The tenant of every API key that no registered tenant claims. */
    public Tenant defaultTenant() {
        return tenants.defaultTenant();
    }

    /** Makes {@code apiKey} reach {@code tenant} (and only it). */
    public void register(String apiKey, Tenant tenant) {
        tenants.register(apiKey, tenant);
    }

    /** Kills every sandbox of {@code tenant}, drops its snapshots and forgets its keys; returns the ids killed. */
    public List<String> unregister(Tenant tenant) {
        tenants.forget(tenant);
        List<String> killed = new ArrayList<>();
        for (SandboxRecord record : sandboxes.values()) {
            if (record.tenant == tenant) {
                withLock(record, r -> {
                    if (!r.removed) {
                        remove(r);
                        killed.add(r.id);
                    }
                    return null;
                });
            }
        }
        snapshots.deleteAllOf(tenant);
        return killed;
    }

    /** Whether {@code sandboxId} names a sandbox of {@code tenant}. */
    public boolean belongsTo(Tenant tenant, String sandboxId) {
        SandboxRecord record = sandboxes.get(shortId(sandboxId));
        return record != null && record.tenant == tenant;
    }

    /** The tenant with this {@linkplain Tenant#dataPlaneId() data-plane id}, if it is open. */
    public Optional<Tenant> tenantByDataPlaneId(String dataPlaneId) {
        return tenants.withDataPlaneId(dataPlaneId);
    }

    /** The tenant an API key reaches: its registered one, else the default. */
    public Tenant tenantFor(Optional<String> apiKey) {
        return tenants.reachedBy(apiKey);
    }

    public String backendName() {
        return backend.name();
    }

    // ---- create, read, list --------------------------------------------------------------

    public SandboxView create(Tenant tenant, CreateCommand command) {
        expireDue();
        if (!TEMPLATE_ID.matcher(command.templateId()).matches()) {
            throw new InvalidRequestException("invalid templateID '" + command.templateId()
                    + "': expected lowercase letters, digits, '-' and '_', optionally followed by ':tag'");
        }
        long timeout = timeouts.capped(command.timeoutSeconds(), command.metadata());
        IdleTimeout.of(command.metadata()); // refuses a bad idle_timeout before anything is made
        Optional<BackendSnapshot> template = snapshots.template(tenant, command.templateId());
        tenant.quota.acquire(1, "creating a sandbox");
        String id = ids.sandboxId();
        SandboxSpec spec = new SandboxSpec(command.templateId(), command.envVars(), settings.cpuCount(),
                settings.memoryMb(), settings.diskSizeMb(), Optional.of(tenant.time()), command.metadata(),
                command.allowInternetAccess());
        try {
            if (template.isPresent()) {
                backend.restore(template.get(), id, spec);
            } else {
                backend.create(id, spec);
            }
        } catch (RuntimeException e) {
            tenant.quota.release(1);
            throw BackendFailures.of("creating a sandbox from template '" + command.templateId() + "'", e);
        }
        SandboxRecord record = newRecord(tenant, id, command.templateId(), command.metadata(), command.envVars(),
                command.lifecycle(), command.secure(), command.allowInternetAccess(), null);
        record.network = command.network();
        start(record, timeout);
        sandboxes.put(id, record);
        return withLock(record, SandboxRecord::view);
    }

    public SandboxView get(Tenant tenant, String sandboxId) {
        return onSandbox(tenant, sandboxId, SandboxRecord::view);
    }

    /**
     * One page of {@code tenant}'s sandboxes that match {@code query}, sorted by start time (ties in
     * creation order), oldest first unless the query says {@link ListOrder#DESC}.
     */
    public Page<SandboxView> list(Tenant tenant, ListQuery query) {
        expireDue();
        query.template().ifPresent(Engine::requireTemplateId);
        Comparator<PageTokens.Position> byStart = Comparator.comparing(PageTokens.Position::startedAt)
                .thenComparingLong(PageTokens.Position::sequence);
        Comparator<PageTokens.Position> order = query.order() == ListOrder.DESC ? byStart.reversed() : byStart;
        Optional<PageTokens.Position> after = query.nextToken().map(token -> PageTokens.positionAfter(token, "nextToken"));
        // A record's start time is set before it is published and never changes, so it is read here without its lock.
        List<SandboxRecord> ordered = sandboxes.values().stream()
                .filter(record -> record.tenant == tenant)
                .filter(record -> after.map(position -> order.compare(positionOf(record), position) > 0).orElse(true))
                .sorted(Comparator.comparing(Engine::positionOf, order))
                .collect(Collectors.toList());
        List<SandboxView> page = new ArrayList<>();
        PageTokens.Position last = null;
        boolean more = false;
        for (SandboxRecord record : ordered) {
            Optional<SandboxView> view = liveView(record);
            if (view.isEmpty() || !matches(view.get(), query)) {
                continue;
            }
            if (page.size() == query.limit()) {
                more = true;
                break;
            }
            page.add(view.get());
            last = positionOf(record);
        }
        return new Page<>(page, more ? Optional.of(PageTokens.after(last)) : Optional.empty());
    }

    /** Where a sandbox stands in the sort order of {@link #list}. */
    private static PageTokens.Position positionOf(SandboxRecord record) {
        return new PageTokens.Position(record.startedAt, record.sequence);
    }

    private static boolean matches(SandboxView view, ListQuery query) {
        return matches(view, query.states(), query.metadata())
                && query.startedAfter().map(after -> !view.startedAt().isBefore(after)).orElse(true)
                && query.template().map(template -> isOfTemplate(view, template)).orElse(true);
    }

    /** Whether a sandbox started from {@code template}: its id as given, or its name without a tag. */
    private static boolean isOfTemplate(SandboxView view, String template) {
        String started = view.templateId();
        return started.equals(template) || view.alias().map(template::equals).orElse(false)
                || (!template.contains(":") && started.startsWith(template + ":"));
    }

    private static void requireTemplateId(String templateId) {
        if (!TEMPLATE_ID.matcher(templateId).matches()) {
            throw new InvalidRequestException("invalid template '" + templateId
                    + "': expected lowercase letters, digits, '-' and '_', optionally followed by ':tag'");
        }
    }

    /** Every sandbox of {@code tenant} that exists now, in creation order. */
    public List<SandboxView> all(Tenant tenant) {
        expireDue();
        return views(record -> record.tenant == tenant);
    }

    /**
     * The v1 list: every running sandbox of {@code tenant} whose metadata holds every pair of
     * {@code metadata}, in creation order, unpaged. It filters as {@link #list} does.
     */
    public List<SandboxView> listRunning(Tenant tenant, Map<String, String> metadata) {
        Set<SandboxState> running = EnumSet.of(SandboxState.RUNNING);
        return all(tenant).stream().filter(view -> matches(view, running, metadata)).collect(Collectors.toList());
    }

    /** The live sandboxes {@code which} selects, in creation order. */
    private List<SandboxView> views(Predicate<SandboxRecord> which) {
        return sandboxes.values().stream()
                .filter(which)
                .sorted(Comparator.comparingLong(record -> record.sequence))
                .flatMap(record -> liveView(record).stream())
                .collect(Collectors.toList());
    }

    /** A record's view taken under its lock, unless it was removed meanwhile. */
    private static Optional<SandboxView> liveView(SandboxRecord record) {
        return Optional.ofNullable(withLock(record, r -> r.removed ? null : r.view()));
    }

    /** Whether a sandbox is in one of {@code states} and its metadata holds every pair of {@code metadata}. */
    private static boolean matches(SandboxView view, Set<SandboxState> states, Map<String, String> metadata) {
        if (!states.contains(view.state())) {
            return false;
        }
        for (Map.Entry<String, String> wanted : metadata.entrySet()) {
            if (!wanted.getValue().equals(view.metadata().get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }

    // ---- lifecycle -----------------------------------------------------------------------

    public void kill(Tenant tenant, String sandboxId) {
        onSandbox(tenant, sandboxId, record -> {
            remove(record);
            return null;
        });
    }

    public SandboxView setTimeout(Tenant tenant, String sandboxId, long timeoutSeconds) {
        return onSandbox(tenant, sandboxId, record -> {
            long timeout = timeouts.capped(timeoutSeconds, record.metadata);
            record.timeoutSeconds = timeout;
            record.endAt = now(record).plusSeconds(timeout);
            return record.view();
        });
    }

    public SandboxView pause(Tenant tenant, String sandboxId) {
        return pause(tenant, sandboxId, null);
    }

    /** Pauses a running sandbox, keeping its memory; {@code memory: false} is refused (see {@link MemoryKeeping}). */
    public SandboxView pause(Tenant tenant, String sandboxId, Boolean memory) {
        MemoryKeeping.requireKept(memory, "memory");
        return onSandbox(tenant, sandboxId, record -> {
            if (record.state == SandboxState.PAUSED) {
                throw new WrongSandboxStateException("sandbox " + record.id + " is already paused");
            }
            pauseLocked(record);
            return record.view();
        });
    }

    /**
     * Connects to a sandbox: resumes a paused one with a fresh timeout, or extends a running
     * one's timeout if the new end is later (never shortens it).
     */
    public ConnectOutcome connect(Tenant tenant, String sandboxId, long timeoutSeconds) {
        return connect(tenant, sandboxId, new ConnectCommand(timeoutSeconds));
    }

    /** As {@link #connect(Tenant, String, long)}, for a command that may have taken its default timeout. */
    public ConnectOutcome connect(Tenant tenant, String sandboxId, ConnectCommand command) {
        return onSandbox(tenant, sandboxId, record -> {
            long timeout = timeouts.capped(command.timeoutSeconds(), record.metadata);
            Instant newEnd = now(record).plusSeconds(timeout);
            if (record.state == SandboxState.RUNNING) {
                if (newEnd.isAfter(record.endAt)) {
                    record.endAt = newEnd;
                    record.timeoutSeconds = timeout;
                }
                return new ConnectOutcome(record.view(), false);
            }
            resumeLocked(record, timeout, "resuming sandbox " + record.id);
            return new ConnectOutcome(record.view(), true);
        });
    }

    // ---- network -------------------------------------------------------------------------

    /**
     * Replaces a sandbox's outbound rules as one change (rules left out are cleared, as Novita's
     * SDK documents), and its internet access when {@code allowInternetAccess} is given. Both are
     * recorded and reported, never enforced: docs/differences.md.
     */
    public SandboxView updateNetwork(Tenant tenant, String sandboxId, NetworkConfig network, Optional<Boolean> allowInternetAccess) {
        return onSandbox(tenant, sandboxId, record -> {
            record.network = network;
            allowInternetAccess.ifPresent(allowed -> record.allowInternetAccess = allowed);
            return record.view();
        });
    }

    // ---- clone ---------------------------------------------------------------------------

    /**
     * Makes {@code count} running copies of a running or paused sandbox.
     *
     * <p>The quota for all copies is taken up front, so a request that could never succeed
     * fails with {@link QuotaExceededException} before anything happens. The parent is held (its
     * calls wait) only while its snapshot is taken; its id, state and end time are unchanged. With {@code strict}, or when
     * no copy succeeded, a failure removes every copy made and nothing survives.
     */
    public CloneOutcome clone(Tenant tenant, String sandboxId, CloneCommand command) {
        CloneOrchestrator.requireValid(command);
        expireDue();
        return cloning.clone(tenant, find(tenant, sandboxId), command);
    }

    // ---- fork ----------------------------------------------------------------------------

    /**
     * Forks a running sandbox, with E2B's rules: {@code count} from 1 to {@link ForkCommand#MAX_COUNT}
     * and below the tenant's running quota, a timeout above 0 and within the cap, a paused parent refused
     * with {@link WrongSandboxStateException}; any of these refusals comes before anything is made.
     *
     * <p>The parent is snapshotted once, held only for that, and keeps its id, state and end time; the
     * forks are restored from that one snapshot. Each slot takes its own running slot: a slot that finds
     * the quota spent, or whose restore fails, answers its own error while the others go on, and every
     * fork that succeeded stays. The slots come back in request order.
     */
    public List<ForkSlot> fork(Tenant tenant, String sandboxId, ForkCommand command) {
        CloneOrchestrator.requireValid(command, tenant.runningQuota());
        expireDue();
        return cloning.fork(tenant, find(tenant, sandboxId), command);
    }

    /** The engine's side of a clone or a fork: its locks and its sandbox records. */
    private final class CloneBookkeeping implements CloneOrchestrator.Sandboxes {
        @Override
        public <T> T withLive(SandboxRecord record, Function<SandboxRecord, T> action) {
            return withLiveRecord(record, action);
        }

        @Override
        public SandboxRecord startedCopy(Tenant tenant, SandboxView parent, String cloneId, long timeoutSeconds) {
            SandboxRecord record = newRecord(tenant, cloneId, parent.templateId(), parent.metadata(), parent.envVars(),
                    parent.lifecycle(), parent.secure(), parent.allowInternetAccess(), parent.sandboxId());
            record.network = parent.network();
            start(record, timeoutSeconds);
            return record;
        }

        @Override
        public void publish(SandboxRecord copy) {
            sandboxes.put(copy.id, copy);
        }
    }

    // ---- metrics, quota ------------------------------------------------------------------

    public List<MetricSample> metrics(Tenant tenant, String sandboxId, Optional<Instant> start, Optional<Instant> end) {
        return onSandbox(tenant, sandboxId, record -> {
            Instant now = now(record);
            if (record.state != SandboxState.RUNNING
                    || start.map(now::isBefore).orElse(false)
                    || end.map(now::isAfter).orElse(false)) {
                return List.of();
            }
            ResourceUsage usage = backend.usage(record.id);
            long mib = 1024L * 1024;
            return List.of(new MetricSample(now, record.cpuCount, usage.cpuUsedPercent(), usage.memoryUsedBytes(),
                    record.memoryMb * mib, usage.diskUsedBytes(), record.diskSizeMb * mib, NO_CACHE_FIGURE));
        });
    }

    /** The {@code memCache} of every reading: no backend reports its page cache apart from the memory in use. */
    private static final long NO_CACHE_FIGURE = 0;

    public QuotaView quota(Tenant tenant) {
        expireDue();
        int used = tenant.quota.used();
        return new QuotaView(tenant.quota.limit(), used, used * settings.cpuCount(), used * settings.memoryMb(),
                (int) settings.maxTimeout().toHours(), settings.cpuCount(), settings.memoryMb(), settings.diskSizeMb());
    }

    // ---- snapshots -------------------------------------------------------------------------

    /** Saves a sandbox's current state as a template that {@link #create} can start from. */
    public SnapshotView createSnapshot(Tenant tenant, String sandboxId) {
        return createSnapshot(tenant, sandboxId, Optional.empty());
    }

    /**
     * As {@link #createSnapshot(Tenant, String)}, under {@code name} when given: a template name (the
     * shape of a template id), which then starts sandboxes as the id does. A name the tenant already
     * gave a snapshot makes a new build of that snapshot, which keeps its id.
     */
    public SnapshotView createSnapshot(Tenant tenant, String sandboxId, Optional<String> name) {
        name.ifPresent(n -> {
            if (!TEMPLATE_ID.matcher(n).matches()) {
                throw new InvalidRequestException("invalid snapshot name '" + n
                        + "': expected lowercase letters, digits, '-' and '_', optionally followed by ':tag'");
            }
        });
        return onSandbox(tenant, sandboxId, record -> {
            BackendSnapshot taken;
            try {
                taken = backend.snapshot(record.id);
            } catch (RuntimeException e) {
                throw BackendFailures.of("snapshotting sandbox " + record.id, e);
            }
            return snapshots.save(tenant, ids.snapshotId(), name, record.id, now(record), taken);
        });
    }

    public Page<SnapshotView> listSnapshots(Tenant tenant, Optional<String> sandboxId, int limit, Optional<String> nextToken) {
        return listSnapshots(tenant, sandboxId, Optional.empty(), limit, nextToken);
    }

    /** As {@link #listSnapshots(Tenant, Optional, int, Optional)}, only the snapshots {@code name} names when given. */
    public Page<SnapshotView> listSnapshots(Tenant tenant, Optional<String> sandboxId, Optional<String> name, int limit,
                                            Optional<String> nextToken) {
        return snapshots.list(tenant, sandboxId.map(Engine::shortId), name, limit, nextToken);
    }

    public void deleteSnapshot(Tenant tenant, String snapshotId) {
        snapshots.delete(tenant, snapshotId);
    }

    // ---- data plane ----------------------------------------------------------------------

    /**
     * Opens a running sandbox to a data-plane request. A paused sandbox whose lifecycle allows
     * auto-resume is resumed first, with its last timeout; any other paused, killed or unknown
     * sandbox is a {@link SandboxNotRunningException}, as the service's edge proxy sees it. The
     * request is activity on the sandbox, for its idle timeout, when it is let in and when each of
     * its {@linkplain DataPlaneAccess#use uses} ends.
     */
    public DataPlaneAccess dataPlane(String sandboxId) {
        expireDue();
        String id = shortId(sandboxId);
        SandboxRecord record = sandboxes.get(id);
        if (record == null) {
            throw new SandboxNotRunningException("sandbox " + id + " is not running (it was killed, timed out or never existed)");
        }
        return withLock(record, r -> {
            expireIfDue(r);
            if (r.removed) {
                throw new SandboxNotRunningException("sandbox " + id + " is not running (it was killed or timed out)");
            }
            if (r.state == SandboxState.PAUSED) {
                if (!r.lifecycle.autoResume()) {
                    throw new SandboxNotRunningException("sandbox " + id
                            + " is paused; resume it with connect(), or create it with autoResume to wake it on use");
                }
                resumeLocked(r, r.timeoutSeconds, "auto-resuming sandbox " + id);
            }
            r.idle.touch();
            String backendId = r.id;
            return new DataPlaneAccess(r.view(), backend.fileSystem(backendId), () -> backend.processes(backendId),
                    r.tenant.time(), new DataPlaneAccess.Hold() {
                        @Override
                        public <T> T run(Supplier<T> action) {
                            return inUse(record, action);
                        }
                    }, r.usage, r.idle);
        });
    }

    /**
     * Runs a data-plane action with the sandbox held in use: a concurrent kill, pause or clone
     * snapshot waits for it, and an action that starts after one of those fails with
     * {@link SandboxNotRunningException} (as the edge proxy sees it) instead of reaching a
     * torn-down backend.
     */
    private static <T> T inUse(SandboxRecord record, Supplier<T> action) {
        record.inUse.lock();
        try {
            if (record.removed) {
                throw new SandboxNotRunningException("sandbox " + record.id + " is not running (it was killed or timed out)");
            }
            if (record.state != SandboxState.RUNNING) {
                throw new SandboxNotRunningException("sandbox " + record.id + " was paused; resume it with connect()");
            }
            return action.get();
        } finally {
            // The request's end is activity too, so a long upload does not find its sandbox idle at once.
            record.idle.touch();
            record.inUse.unlock();
        }
    }

    /** A sandbox of any tenant, as it is now, without waking it: for envd's health check. */
    public Optional<SandboxView> lookup(String sandboxId) {
        expireDue();
        SandboxRecord record = sandboxes.get(shortId(sandboxId));
        return record == null ? Optional.empty() : liveView(record);
    }

    // ---- files ---------------------------------------------------------------------------

    /** The sandbox's filesystem, running or paused. */
    public SandboxFileSystem fileSystem(Tenant tenant, String sandboxId) {
        return onSandbox(tenant, sandboxId, record -> backend.fileSystem(record.id));
    }

    // ---- timeouts ------------------------------------------------------------------------

    /**
     * Applies every timeout that has passed: kills each expired running sandbox, or pauses it
     * when its lifecycle says so. Sandboxes busy in another call are left for the next sweep; a
     * call on a sandbox always applies that sandbox's own timeout first.
     */
    public void expireDue() {
        expiry.expireDue(sandboxes.values());
    }

    /** Applies {@code record}'s own timeout if it has passed; the caller holds its lock. */
    private void expireIfDue(SandboxRecord record) {
        expiry.expireIfDue(record);
    }

    // ---- state changes (lock held) -------------------------------------------------------

    private SandboxRecord newRecord(Tenant tenant, String id, String templateId, Map<String, String> metadata, Map<String, String> envVars,
                                    Lifecycle lifecycle, boolean secure, boolean allowInternetAccess, String parentId) {
        return new SandboxRecord(tenant, id, ids.clientId(), templateId, metadata, envVars, lifecycle, secure,
                secure ? ids.accessToken() : null, allowInternetAccess, settings.cpuCount(), settings.memoryMb(),
                settings.diskSizeMb(), settings.envdVersion(), parentId, sequence.incrementAndGet());
    }

    private void start(SandboxRecord record, long timeoutSeconds) {
        Instant now = now(record);
        record.state = SandboxState.RUNNING;
        record.startedAt = now;
        record.timeoutSeconds = timeoutSeconds;
        record.endAt = now.plusSeconds(timeoutSeconds);
        record.idle.restart();
    }

    private void pauseLocked(SandboxRecord record) {
        try {
            backend.pause(record.id);
        } catch (RuntimeException e) {
            throw BackendFailures.of("pausing sandbox " + record.id, e);
        }
        record.state = SandboxState.PAUSED;
        record.tenant.quota.release(1);
    }

    private void resumeLocked(SandboxRecord record, long timeoutSeconds, String what) {
        record.tenant.quota.acquire(1, what);
        try {
            backend.resume(record.id);
        } catch (RuntimeException e) {
            record.tenant.quota.release(1);
            throw BackendFailures.of(what, e);
        }
        record.state = SandboxState.RUNNING;
        record.timeoutSeconds = timeoutSeconds;
        record.endAt = now(record).plusSeconds(timeoutSeconds);
        record.idle.restart();
    }

    private void remove(SandboxRecord record) {
        sandboxes.remove(record.id, record);
        record.removed = true;
        if (record.state == SandboxState.RUNNING) {
            record.tenant.quota.release(1);
        }
        backend.kill(record.id);
    }

    // ---- plumbing ------------------------------------------------------------------------

    /**
     * Runs {@code action} on a live sandbox with its lock held, after applying its timeout. The call
     * is activity on the sandbox, for its idle timeout.
     */
    private <T> T onSandbox(Tenant tenant, String sandboxId, Function<SandboxRecord, T> action) {
        expireDue();
        return withLiveRecord(find(tenant, sandboxId), action);
    }

    private static Instant now(SandboxRecord record) {
        return record.tenant.clock().instant();
    }

    private <T> T withLiveRecord(SandboxRecord record, Function<SandboxRecord, T> action) {
        record.lock.lock();
        try {
            expireIfDue(record);
            if (record.removed) {
                throw notFound(record.id);
            }
            record.idle.touch();
            return action.apply(record);
        } finally {
            record.lock.unlock();
        }
    }

    private static <T> T withLock(SandboxRecord record, Function<SandboxRecord, T> action) {
        record.lock.lock();
        try {
            return action.apply(record);
        } finally {
            record.lock.unlock();
        }
    }

    /** A sandbox of {@code tenant}; another tenant's sandbox is as absent as an unknown one. */
    private SandboxRecord find(Tenant tenant, String sandboxId) {
        String id = shortId(sandboxId);
        SandboxRecord record = sandboxes.get(id);
        if (record == null || record.tenant != tenant) {
            throw notFound(id);
        }
        return record;
    }

    /** Accepts {@code <id>-<suffix>} ids, as the service does: the suffix (a client id) is dropped. */
    public static String shortId(String sandboxId) {
        if (sandboxId == null) {
            throw new SandboxNotFoundException("sandbox id is missing");
        }
        int dash = sandboxId.indexOf('-');
        return dash < 0 ? sandboxId : sandboxId.substring(0, dash);
    }

    private static SandboxNotFoundException notFound(String id) {
        return new SandboxNotFoundException("sandbox " + id + " not found");
    }

    /** Kills every sandbox and closes the backend. */
    @Override
    public void close() {
        for (SandboxRecord record : sandboxes.values()) {
            withLock(record, r -> {
                if (!r.removed) {
                    remove(r);
                }
                return null;
            });
        }
        snapshots.deleteAll();
        // Lets the restore threads end; a clone still under way makes its remaining copies on its own thread.
        cloning.close();
        backend.close();
    }
}
