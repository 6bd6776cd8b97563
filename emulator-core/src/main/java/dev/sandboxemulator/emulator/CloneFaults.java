package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.engine.CloneFaultPolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Failures and pauses that tests plant in clone requests, to drive their error paths
 * deterministically: a copy that fails, a hook run while the parent is held suspended.
 *
 * <p>They apply to E2B's fork requests too, which share clone's snapshot and restores: each fork
 * slot is a copy (its {@link CloneAttempt#index()} is its slot in the request), and a planted failure
 * makes that slot answer a 500 error of its own while the other slots go on. A slot refused for the
 * quota is never attempted, so it does not count as a copy.
 *
 * <p>Thread-safe. Each method returns a {@link Registration} that removes what it planted;
 * {@link #clear()} removes everything.
 */
public final class CloneFaults {

    private static final String DEFAULT_REASON = "injected clone failure";

    private final List<CloneFault> cloneFaults = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> snapshotHooks = new CopyOnWriteArrayList<>();

    CloneFaults() {
    }

    /**
     * Makes the {@code n}th copy attempted from now on fail (counting every copy of every clone
     * request and every fork slot attempted, from 1). It fires once.
     */
    public Registration failNthClone(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        AtomicInteger seen = new AtomicInteger();
        return failClonesWhere(attempt -> seen.incrementAndGet() == n, DEFAULT_REASON + " (copy #" + n + ")");
    }

    /** Makes every copy matching {@code predicate} fail, until removed. */
    public Registration failClonesWhere(Predicate<CloneAttempt> predicate) {
        return failClonesWhere(predicate, DEFAULT_REASON);
    }

    /** Makes every copy matching {@code predicate} fail with {@code reason}, until removed. */
    public Registration failClonesWhere(Predicate<CloneAttempt> predicate, String reason) {
        CloneFault fault = new CloneFault(Objects.requireNonNull(predicate, "predicate"), Objects.requireNonNull(reason, "reason"));
        cloneFaults.add(fault);
        return () -> cloneFaults.remove(fault);
    }

    /**
     * Runs {@code hook} with the parent's id while a clone or a fork holds that parent suspended, before
     * its snapshot is taken. Calls to the parent wait until the hook returns; a test can block here to
     * observe the suspension window.
     */
    public Registration duringCloneSnapshot(Consumer<String> hook) {
        Objects.requireNonNull(hook, "hook");
        snapshotHooks.add(hook);
        return () -> snapshotHooks.remove(hook);
    }

    /** Removes every planted fault and hook. */
    public void clear() {
        cloneFaults.clear();
        snapshotHooks.clear();
    }

    /** The reason this copy must fail, if a planted fault says so. */
    Optional<String> cloneFailure(CloneAttempt attempt) {
        for (CloneFault fault : cloneFaults) {
            if (fault.predicate.test(attempt)) {
                return Optional.of(fault.reason);
            }
        }
        return Optional.empty();
    }

    void beforeSnapshot(String parentId) {
        snapshotHooks.forEach(hook -> hook.accept(parentId));
    }

    /** These faults as the engine consults them. */
    CloneFaultPolicy asPolicy() {
        return new CloneFaultPolicy() {
            @Override
            public Optional<String> cloneFailure(CloneFaultPolicy.PlannedCopy copy) {
                return CloneFaults.this.cloneFailure(new CloneAttempt(copy.parentId(), copy.cloneId(), copy.index(), copy.count()));
            }

            @Override
            public void beforeSnapshot(String parentId) {
                CloneFaults.this.beforeSnapshot(parentId);
            }
        };
    }

    /** Removes one planted fault or hook. Removing twice is harmless. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        void remove();

        @Override
        default void close() {
            remove();
        }
    }

    private static final class CloneFault {
        final Predicate<CloneAttempt> predicate;
        final String reason;

        CloneFault(Predicate<CloneAttempt> predicate, String reason) {
            this.predicate = predicate;
            this.reason = reason;
        }
    }
}
