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

    /** Keeps {@code taken} (a snapshot of {@code sourceSandboxId}) as {@code tenant}'s template {@code snapshotId}. */
    SnapshotView save(Tenant tenant, String snapshotId, String sourceSandboxId, Instant createdAt, BackendSnapshot taken) {
        SnapshotView view = new SnapshotView(snapshotId, List.of(snapshotId), sourceSandboxId, createdAt);
        snapshots.put(snapshotId, new StoredSnapshot(tenant, view, taken, sequence.incrementAndGet()));
        return view;
    }

    /**
     * One page of {@code tenant}'s templates in save order, only those of {@code sourceSandboxId}
     * (a short id) when given.
     */
    Page<SnapshotView> list(Tenant tenant, Optional<String> sourceSandboxId, int limit, Optional<String> nextToken) {
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + ListQuery.MAX_LIMIT + ", was " + limit);
        }
        long after = nextToken.map(token -> PageTokens.sequenceAfter(token, "nextToken")).orElse(-1L);
        List<StoredSnapshot> matching = snapshots.values().stream()
                .filter(s -> s.tenant == tenant && s.sequence > after)
                .filter(s -> sourceSandboxId.map(id -> id.equals(s.view.sourceSandboxId())).orElse(true))
                .sorted(Comparator.comparingLong(s -> s.sequence))
                .collect(Collectors.toList());
        List<StoredSnapshot> page = matching.subList(0, Math.min(limit, matching.size()));
        Optional<String> next = matching.size() > limit
                ? Optional.of(PageTokens.after(page.get(page.size() - 1).sequence)) : Optional.empty();
        return new Page<>(page.stream().map(s -> s.view).collect(Collectors.toList()), next);
    }

    /** Drops one of {@code tenant}'s templates; another tenant's is as absent as an unknown one. */
    void delete(Tenant tenant, String snapshotId) {
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
    void deleteAllOf(Tenant tenant) {
        snapshots.values().removeIf(s -> {
            boolean mine = s.tenant == tenant;
            if (mine) {
                backend.discard(s.backendSnapshot);
            }
            return mine;
        });
    }

    /** Drops every template, for the engine's shutdown. */
    void deleteAll() {
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
