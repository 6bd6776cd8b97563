package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.engine.error.CloneFailedException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out clone requests: takes the parent's snapshot once, restores the copies from it in
 * parallel, applies the tenant's planted faults, and keeps or removes the copies made when some
 * fail, as the request's {@code strict} says.
 *
 * <p>The sandbox bookkeeping (locks, records, which sandboxes exist) stays with the engine; the
 * orchestrator reaches it only through {@link Sandboxes}.
 *
 * <p><b>Threads.</b> One restore pool serves every request for the engine's life, instead of a pool
 * made and torn down per request. It cannot deadlock: the thread that orchestrates a request is the
 * request's own thread (it takes the snapshot, hands the restores to the pool and waits for them),
 * and a pool thread only ever restores, never waits on the pool. The pool grows on demand up to
 * {@link #MAX_RESTORE_THREADS} and lets idle threads die, so an idle emulator holds none. A restore
 * that finds every thread busy runs on the request thread instead of waiting in a queue: a busy
 * emulator makes a request slower, never stuck behind other requests while its own thread idles,
 * and never refused.
 */
final class CloneOrchestrator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CloneOrchestrator.class.getName());

    /**
     * The most restores under way at once across all requests. A restore mostly waits on the
     * container runtime (CRIU, image layers), so threads are cheap to hold, but past a few dozen
     * at once the runtime itself becomes the queue; each request is further limited by
     * {@link Backend#restoreConcurrency(BackendSnapshot)}.
     */
    static final int MAX_RESTORE_THREADS = 32;
    private static final Duration IDLE_THREAD_LIFETIME = Duration.ofMinutes(1);
    /** How long an abandoned request waits for its restores under way before removing the copies. */
    private static final Duration ABANDON_WAIT = Duration.ofMinutes(2);

    /** What a clone needs from the engine's sandbox bookkeeping. */
    interface Sandboxes {

        /**
         * Runs {@code action} on {@code record} with its lock held, once its own timeout has been
         * applied; a sandbox that is gone by then is not found.
         */
        <T> T withLive(SandboxRecord record, Function<SandboxRecord, T> action);

        /** A running record for a copy just restored, not yet visible to any call. */
        SandboxRecord startedCopy(Tenant tenant, SandboxView parent, String cloneId, long timeoutSeconds);

        /** Makes a copy's record visible to every call. */
        void publish(SandboxRecord copy);
    }

    private final Backend backend;
    private final IdGenerator ids;
    private final TimeoutLimits timeouts;
    private final Duration pausedParentCloneTimeout;
    private final Sandboxes sandboxes;
    private final ThreadPoolExecutor restorePool;

    CloneOrchestrator(Backend backend, IdGenerator ids, TimeoutLimits timeouts, Duration pausedParentCloneTimeout,
                      Sandboxes sandboxes) {
        this.backend = backend;
        this.ids = ids;
        this.timeouts = timeouts;
        this.pausedParentCloneTimeout = pausedParentCloneTimeout;
        this.sandboxes = sandboxes;
        AtomicInteger threadNumber = new AtomicInteger();
        // A SynchronousQueue hands each restore straight to a free thread or a new one; none waits queued.
        this.restorePool = new ThreadPoolExecutor(0, MAX_RESTORE_THREADS, IDLE_THREAD_LIFETIME.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sandbox-emulator-clone-restore-" + threadNumber.incrementAndGet());
                    // Daemon: a restore must never keep a test's JVM alive after the emulator was dropped unclosed.
                    thread.setDaemon(true);
                    return thread;
                },
                // Every thread busy, or the engine closing: the request thread restores itself. (The JDK's
                // CallerRunsPolicy would silently drop the restore once the pool is shut down, and the request
                // would wait for it forever.)
                (restore, pool) -> restore.run());
    }

    /** Refuses a request that could never be carried out, before anything is looked up. */
    static void requireValid(CloneCommand command) {
        if (command.count() < 1) {
            throw new InvalidRequestException("count must be at least 1, was " + command.count());
        }
        command.timeoutSeconds().ifPresent(TimeoutLimits::requireNonNegative);
    }

    /**
     * Makes {@code command.count()} running copies of {@code parent}, a running or paused sandbox
     * of {@code tenant}, as {@link Engine#clone} promises: quota for all copies up front (refused with
     * {@link QuotaExceededException} before anything happens), the parent held only for its snapshot,
     * and with {@code strict}, or when no copy succeeded, no copy surviving a failure.
     */
    CloneOutcome clone(Tenant tenant, SandboxRecord parent, CloneCommand command) {
        ParentSnapshot taken = snapshotParent(parent, command.count());
        int slotsHeld = command.count();
        try {
            try {
                long timeout = copyTimeoutSeconds(command, taken.view);
                List<String> cloneIds = new ArrayList<>();
                for (int index = 0; index < command.count(); index++) {
                    cloneIds.add(ids.sandboxId());
                }
                List<Optional<String>> outcomes = restoreCopies(tenant, taken, cloneIds);
                List<SandboxRecord> made = new ArrayList<>();
                List<String> failures = new ArrayList<>();
                for (int index = 0; index < cloneIds.size(); index++) {
                    String cloneId = cloneIds.get(index);
                    Optional<String> failure = outcomes.get(index);
                    if (failure.isPresent()) {
                        failures.add("copy " + cloneId + ": " + failure.get());
                    } else {
                        made.add(sandboxes.startedCopy(tenant, taken.view, cloneId, timeout));
                    }
                }
                if (!failures.isEmpty() && (command.strict() || made.isEmpty())) {
                    made.forEach(record -> backend.kill(record.id));
                    throw new CloneFailedException("clone failed: " + failures.size() + " of " + command.count()
                            + " copies of sandbox " + parent.id + " failed (" + String.join("; ", failures) + ")"
                            + (made.isEmpty() ? "" : "; strict mode removed the " + made.size() + " that succeeded"));
                }
                slotsHeld -= made.size();
                made.forEach(sandboxes::publish);
                List<SandboxView> views = made.stream().map(CloneOrchestrator::viewOf).collect(Collectors.toList());
                return new CloneOutcome(views, "clone-" + taken.view.sandboxId() + "-" + ids.clientId());
            } finally {
                backend.discard(taken.snapshot);
            }
        } finally {
            tenant.quota.release(slotsHeld);
        }
    }

    /** The copies' lifetime: as requested, else the running parent's own timeout, else the paused-parent default. */
    private long copyTimeoutSeconds(CloneCommand command, SandboxView parent) {
        if (command.timeoutSeconds().isPresent()) {
            return timeouts.capped(command.timeoutSeconds().getAsLong(), parent.metadata());
        }
        if (parent.state() == SandboxState.RUNNING) {
            return parent.timeoutSeconds();
        }
        return timeouts.capped(pausedParentCloneTimeout.toSeconds(), parent.metadata());
    }

    /**
     * Takes the running slots for {@code count} copies and the parent's snapshot, both under the parent's
     * lock: slots are taken only for a parent that is there, so a clone that finds its parent killed
     * (not found) never held slots that another call was refused for (quota exceeded), and every clone answers as if it
     * came before or after each call on its parent. On failure the slots are given back.
     */
    private ParentSnapshot snapshotParent(SandboxRecord parent, int count) {
        return sandboxes.withLive(parent, record -> {
            record.tenant.quota.acquire(count, "cloning " + count + " sandbox" + (count == 1 ? "" : "es"));
            try {
                record.tenant.faults().beforeSnapshot(record.id);
                try {
                    return new ParentSnapshot(backend.snapshot(record.id), record.view());
                } catch (RuntimeException e) {
                    throw BackendFailures.of("taking the clone snapshot of sandbox " + record.id, e);
                }
            } catch (RuntimeException | Error e) {
                record.tenant.quota.release(count);
                throw e;
            }
        });
    }

    /**
     * Makes the copies in the backend, up to {@link Backend#restoreConcurrency(BackendSnapshot)} at once; each
     * outcome is empty for a copy made, or says why it failed (an injected fault or the backend's
     * error). Fault decisions are taken first, in order, so they do not depend on timing.
     */
    private List<Optional<String>> restoreCopies(Tenant tenant, ParentSnapshot taken, List<String> cloneIds) {
        SandboxView parent = taken.view;
        List<Supplier<Optional<String>>> restores = new ArrayList<>();
        for (int index = 0; index < cloneIds.size(); index++) {
            String cloneId = cloneIds.get(index);
            Optional<String> fault = tenant.faults().cloneFailure(
                    new CloneFaultPolicy.PlannedCopy(parent.sandboxId(), cloneId, index, cloneIds.size()));
            restores.add(() -> fault.isPresent() ? fault : restoreCopy(tenant, taken, cloneId));
        }
        int lanes = Math.min(Math.max(1, backend.restoreConcurrency(taken.snapshot)), restores.size());
        if (lanes == 1) {
            // One after another on the request thread: a backend that restores one at a time stays deterministic.
            List<Optional<String>> outcomes = new ArrayList<>();
            for (Supplier<Optional<String>> restore : restores) {
                outcomes.add(restore.get());
            }
            return outcomes;
        }
        return new ParallelRestores(restores, lanes).run(parent.sandboxId(), cloneIds);
    }

    private Optional<String> restoreCopy(Tenant tenant, ParentSnapshot taken, String cloneId) {
        SandboxView parent = taken.view;
        try {
            backend.restore(taken.snapshot, cloneId, new SandboxSpec(parent.templateId(), parent.envVars(),
                    parent.cpuCount(), parent.memoryMb(), parent.diskSizeMb(), Optional.of(tenant.time()),
                    parent.metadata(), parent.allowInternetAccess()));
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "restoring clone " + cloneId + " failed", e);
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static SandboxView viewOf(SandboxRecord record) {
        record.lock.lock();
        try {
            return record.view();
        } finally {
            record.lock.unlock();
        }
    }

    /** Stops taking new restores; those under way finish (their requests still remove what they made). */
    @Override
    public void close() {
        restorePool.shutdown();
    }

    /**
     * The restores of one request on the shared pool. Rather than one task per copy, it runs
     * {@code lanes} tasks that each take the next copy not yet started until none is left: that
     * keeps the request within its backend's limit however many pool threads are free.
     */
    private final class ParallelRestores {
        private final List<Supplier<Optional<String>>> restores;
        private final int lanes;
        private final AtomicReferenceArray<Optional<String>> outcomes;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private final AtomicReference<Throwable> broken = new AtomicReference<>();
        /**
         * The threads restoring for this request now, guarded by itself: a thread leaves it and an
         * abandoning request interrupts its members under the same lock, so an interrupt meant for
         * this request cannot reach a pool thread that has moved on to another's.
         */
        private final Set<Thread> working = new HashSet<>();
        private final CountDownLatch finished;

        ParallelRestores(List<Supplier<Optional<String>>> restores, int lanes) {
            this.restores = restores;
            this.lanes = lanes;
            this.outcomes = new AtomicReferenceArray<>(restores.size());
            this.finished = new CountDownLatch(lanes);
        }

        List<Optional<String>> run(String parentId, List<String> cloneIds) {
            try {
                for (int lane = 0; lane < lanes; lane++) {
                    restorePool.execute(this::lane);
                }
                finished.await();
            } catch (InterruptedException e) {
                abandon(cloneIds);
                Thread.currentThread().interrupt();
                throw new BackendFailureException("restoring clones of sandbox " + parentId + " failed: " + e);
            }
            if (broken.get() != null) {
                abandon(cloneIds);
                throw new BackendFailureException("restoring clones of sandbox " + parentId + " failed: " + broken.get());
            }
            List<Optional<String>> result = new ArrayList<>();
            for (int index = 0; index < restores.size(); index++) {
                result.add(outcomes.get(index));
            }
            return result;
        }

        private void lane() {
            synchronized (working) {
                working.add(Thread.currentThread());
            }
            try {
                for (int index = next.getAndIncrement(); index < restores.size() && !abandoned.get(); index = next.getAndIncrement()) {
                    outcomes.set(index, restores.get(index).get());
                }
            } catch (Throwable t) {
                // A copy's failure is an outcome; only an Error gets here, and it ends the whole request.
                broken.compareAndSet(null, t);
                abandoned.set(true);
            } finally {
                synchronized (working) {
                    working.remove(Thread.currentThread());
                }
                finished.countDown();
            }
        }

        /**
         * Not a copy's failure but the request's: no copy may outlive it. Stops the restores under
         * way, waits for them so none finishes after the removal, then removes every copy.
         */
        private void abandon(List<String> cloneIds) {
            abandoned.set(true);
            synchronized (working) {
                working.forEach(Thread::interrupt);
            }
            try {
                if (!finished.await(ABANDON_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "restores of an abandoned clone request still running after "
                            + ABANDON_WAIT + "; removing its copies anyway");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            cloneIds.forEach(backend::kill);
        }
    }

    private static final class ParentSnapshot {
        final BackendSnapshot snapshot;
        final SandboxView view;

        ParentSnapshot(BackendSnapshot snapshot, SandboxView view) {
            this.snapshot = snapshot;
            this.view = view;
        }
    }
}
