package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.SnapshotNotFoundException;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The snapshot templates tenants saved, each with the backend snapshot behind it. The store owns
 * those backend snapshots: whatever drops a template from it discards its backend snapshot too,
 * so none is leaked and none is discarded while a template still names it.
 *
 * <p>Thread-safe. Like sandboxes, templates of one tenant are invisible to every other.
 */
final class SnapshotStore {

    private final Backend backend;
    private final Map<String, StoredSnapshot> snapshots = new ConcurrentHashMap<>();
    /** Save order, for stable listings and their page tokens. */
    private final AtomicLong sequence = new AtomicLong();

    SnapshotStore(Backend backend) {
        this.backend = backend;
    }

    /**
     * Keeps {@code taken} (a snapshot of {@code sourceSandboxId}) as {@code tenant}'s template
     * {@code snapshotId}, or, when {@code name} already names one of {@code tenant}'s templates,
     * as a new build of that template: it keeps its id and names, and the build it replaces is
     * discarded. (E2B's CLI: a name "reuses the existing template if it already exists".)
     */
    synchronized SnapshotView save(Tenant tenant, String snapshotId, Optional<String> name, String sourceSandboxId,
                                   Instant createdAt, BackendSnapshot taken) {
        Optional<StoredSnapshot> named = name.flatMap(n -> snapshots.values().stream()
                .filter(s -> s.tenant == tenant && s.view.names().contains(n))
                .findFirst());
        if (named.isPresent()) {
            StoredSnapshot previous = named.get();
            SnapshotView view = new SnapshotView(previous.view.snapshotId(), previous.view.names(), sourceSandboxId, createdAt);
            snapshots.put(view.snapshotId(), new StoredSnapshot(tenant, view, taken, previous.sequence));
            backend.discard(previous.backendSnapshot);
            return view;
        }
        SnapshotView view = new SnapshotView(snapshotId, List.of(name.orElse(snapshotId)), sourceSandboxId, createdAt);
        snapshots.put(snapshotId, new StoredSnapshot(tenant, view, taken, sequence.incrementAndGet()));
        return view;
    }

    /**
     * One page of {@code tenant}'s templates in save order, only those of {@code sourceSandboxId}
     * (a short id) when given, and only those {@code name} names when given: a name or id, or a name
     * without its {@code :tag}, which matches every tag of that name.
     */
    Page<SnapshotView> list(Tenant tenant, Optional<String> sourceSandboxId, Optional<String> name, int limit,
                            Optional<String> nextToken) {
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + ListQuery.MAX_LIMIT + ", was " + limit);
        }
        long after = nextToken.map(token -> PageTokens.sequenceAfter(token, "nextToken")).orElse(-1L);
        List<StoredSnapshot> matching = snapshots.values().stream()
                .filter(s -> s.tenant == tenant && s.sequence > after)
                .filter(s -> sourceSandboxId.map(id -> id.equals(s.view.sourceSandboxId())).orElse(true))
                .filter(s -> name.map(n -> isNamed(s.view, n)).orElse(true))
                .sorted(Comparator.comparingLong(s -> s.sequence))
                .collect(Collectors.toList());
        List<StoredSnapshot> page = matching.subList(0, Math.min(limit, matching.size()));
        Optional<String> next = matching.size() > limit
                ? Optional.of(PageTokens.after(page.get(page.size() - 1).sequence)) : Optional.empty();
        return new Page<>(page.stream().map(s -> s.view).collect(Collectors.toList()), next);
    }

    private static boolean isNamed(SnapshotView view, String name) {
        if (view.snapshotId().equals(name) || view.names().contains(name)) {
            return true;
        }
        return !name.contains(":") && view.names().stream().anyMatch(n -> n.startsWith(name + ":"));
    }

    /** Drops one of {@code tenant}'s templates; another tenant's is as absent as an unknown one. */
    synchronized void delete(Tenant tenant, String snapshotId) {
        StoredSnapshot existing = snapshots.get(snapshotId);
        // remove(key, value): of two concurrent deletes only one wins, so the backend snapshot is discarded once.
        if (existing == null || existing.tenant != tenant || !snapshots.remove(snapshotId, existing)) {
            throw new SnapshotNotFoundException("snapshot " + snapshotId + " not found");
        }
        backend.discard(existing.backendSnapshot);
    }

    /** The backend snapshot of {@code tenant}'s template with this id or name, if it has one. */
    Optional<BackendSnapshot> template(Tenant tenant, String templateId) {
        return snapshots.values().stream()
                .filter(s -> s.tenant == tenant)
                .filter(s -> s.view.snapshotId().equals(templateId) || s.view.names().contains(templateId))
                .findFirst()
                .map(s -> s.backendSnapshot);
    }

    /** Drops every template of {@code tenant}. */
    synchronized void deleteAllOf(Tenant tenant) {
        snapshots.values().removeIf(s -> {
            boolean mine = s.tenant == tenant;
            if (mine) {
                backend.discard(s.backendSnapshot);
            }
            return mine;
        });
    }

    /** Drops every template, for the engine's shutdown. */
    synchronized void deleteAll() {
        snapshots.values().forEach(s -> backend.discard(s.backendSnapshot));
        snapshots.clear();
    }

    private static final class StoredSnapshot {
        final Tenant tenant;
        final SnapshotView view;
        final BackendSnapshot backendSnapshot;
        final long sequence;

        StoredSnapshot(Tenant tenant, SnapshotView view, BackendSnapshot backendSnapshot, long sequence) {
            this.tenant = tenant;
            this.view = view;
            this.backendSnapshot = backendSnapshot;
            this.sequence = sequence;
        }
    }
}
