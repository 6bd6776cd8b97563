package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.engine.error.CloneFailedException;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.engine.error.WrongSandboxStateException;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * Carries out clone requests (Novita) and fork requests (E2B): takes the parent's snapshot once,
 * restores the copies from it in parallel and applies the tenant's planted faults, the same way for
 * both. They differ only in their {@link CopyRules}: which parents may be copied, how running slots are
 * taken (all or nothing for a clone, per slot for a fork), whether a failure removes the copies made
 * (a strict clone) and the shape of the answer.
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

    /** Refuses a clone request that could never be carried out, before anything is looked up. */
    static void requireValid(CloneCommand command) {
        if (command.count() < 1) {
            throw new InvalidRequestException("count must be at least 1, was " + command.count());
        }
        command.timeoutSeconds().ifPresent(TimeoutLimits::requireNonNegative);
    }

    /**
     * Refuses a fork request that breaks one of upstream's rules, before anything is looked up. The
     * timeout's upper bound depends on the parent (see {@link TimeoutLimits#requireWithinCap}), so
     * it is checked once the parent is found.
     */
    static void requireValid(ForkCommand command, int runningQuota) {
        if (command.count() < 1) {
            throw new InvalidRequestException("Count must be at least 1");
        }
        if (command.count() > ForkCommand.MAX_COUNT) {
            throw new InvalidRequestException("Count must be at most " + ForkCommand.MAX_COUNT + ", was " + command.count());
        }
        if (command.count() >= runningQuota) {
            throw new InvalidRequestException("Count must be lower than the maximum number of concurrent sandboxes ("
                    + runningQuota + ")");
        }
        if (command.timeoutSeconds() <= 0) {
            throw new InvalidRequestException("Timeout must be greater than 0 seconds, was " + command.timeoutSeconds());
        }
    }

    /**
     * Makes {@code command.count()} running copies of {@code parent}, a running or paused sandbox
     * of {@code tenant}, as {@link Engine#clone} promises: quota for all copies up front (refused with
     * {@link QuotaExceededException} before anything happens), the parent held only for its snapshot,
     * and with {@code strict}, or when no copy succeeded, no copy surviving a failure.
     */
    CloneOutcome clone(Tenant tenant, SandboxRecord parent, CloneCommand command) {
        return copyParent(tenant, parent, command.count(), new CopyRules<>() {
            @Override
            public void checkParent(SandboxRecord record) {
                // Novita clones running and paused parents alike.
            }

            @Override
            public List<Optional<EngineException>> takeRunningSlots(RunningQuota quota, int count) {
                // All or nothing: a clone that cannot have every copy makes none.
                quota.acquire(count, "cloning " + count + " sandbox" + (count == 1 ? "" : "es"));
                return Collections.nCopies(count, Optional.empty());
            }

            @Override
            public long timeoutSeconds(SandboxView parentView) {
                return copyTimeoutSeconds(command, parentView);
            }

            @Override
            public Optional<EngineException> refusal(SandboxView parentView, List<Copy> copies) {
                List<String> failures = copies.stream().filter(copy -> copy.failure().isPresent())
                        .map(copy -> "copy " + copy.id() + ": " + copy.failure().get())
                        .collect(Collectors.toList());
                long made = copies.stream().filter(copy -> copy.made().isPresent()).count();
                if (failures.isEmpty() || (!command.strict() && made > 0)) {
                    return Optional.empty();
                }
                return Optional.of(new CloneFailedException("clone failed: " + failures.size() + " of " + command.count()
                        + " copies of sandbox " + parentView.sandboxId() + " failed (" + String.join("; ", failures) + ")"
                        + (made == 0 ? "" : "; strict mode removed the " + made + " that succeeded")));
            }

            @Override
            public CloneOutcome answer(SandboxView parentView, List<Copy> copies) {
                List<SandboxView> views = copies.stream().flatMap(copy -> copy.made().stream())
                        .map(CloneOrchestrator::viewOf).collect(Collectors.toList());
                return new CloneOutcome(views, "clone-" + parentView.sandboxId() + "-" + ids.clientId());
            }
        });
    }

    /**
     * Forks {@code parent}, a sandbox of {@code tenant}, as {@link Engine#fork} promises: only a running
     * parent, a running slot taken per fork (a slot without one fails on its own with
     * {@link QuotaExceededException}), every fork that succeeded kept whatever happened to the others,
     * and an answer per slot in slot order.
     */
    List<ForkSlot> fork(Tenant tenant, SandboxRecord parent, ForkCommand command) {
        return copyParent(tenant, parent, command.count(), new CopyRules<>() {
            @Override
            public void checkParent(SandboxRecord record) {
                timeouts.requireWithinCap(command.timeoutSeconds(), record.metadata);
                if (record.state == SandboxState.PAUSED) {
                    throw new WrongSandboxStateException("Sandbox '" + record.id + "' is paused and cannot be forked; resume it first");
                }
            }

            @Override
            public List<Optional<EngineException>> takeRunningSlots(RunningQuota quota, int count) {
                // Slot by slot, in order, so the slots that find the quota spent are always the last ones.
                List<Optional<EngineException>> slots = new ArrayList<>();
                for (int slot = 0; slot < count; slot++) {
                    try {
                        quota.acquire(1, "forking a sandbox (slot " + (slot + 1) + " of " + count + ")");
                        slots.add(Optional.empty());
                    } catch (QuotaExceededException refused) {
                        slots.add(Optional.of(refused));
                    }
                }
                return slots;
            }

            @Override
            public long timeoutSeconds(SandboxView parentView) {
                return command.timeoutSeconds();
            }

            @Override
            public Optional<EngineException> refusal(SandboxView parentView, List<Copy> copies) {
                // No strict mode: a fork that succeeded stays, whatever happened to the other slots.
                return Optional.empty();
            }

            @Override
            public List<ForkSlot> answer(SandboxView parentView, List<Copy> copies) {
                List<ForkSlot> slots = new ArrayList<>();
                for (Copy copy : copies) {
                    if (copy.made().isPresent()) {
                        slots.add(ForkSlot.made(viewOf(copy.made().get())));
                    } else if (copy.refused().isPresent()) {
                        slots.add(ForkSlot.failed(copy.refused().get()));
                    } else {
                        slots.add(ForkSlot.failed(new CloneFailedException("fork " + copy.id() + " of sandbox "
                                + parentView.sandboxId() + " failed: " + copy.failure().orElse("unknown reason"))));
                    }
                }
                return slots;
            }
        });
    }

    /**
     * What clone and fork do differently. The sequence they share, in {@link #copyParent}, is: check the
     * parent and take running slots under its lock, snapshot it once, restore every slot that holds a
     * running slot from that one snapshot, then keep or remove the copies and answer.
     */
    private interface CopyRules<R> {

        /** Refuses a parent (or a request given that parent) that may not be copied; its lock is held. */
        void checkParent(SandboxRecord parent);

        /**
         * Takes running slots for {@code count} copies, with the parent's lock held: per copy, empty when it
         * holds a slot, or why it may not be made. Throwing refuses the whole request, with no slot held.
         */
        List<Optional<EngineException>> takeRunningSlots(RunningQuota quota, int count);

        /** The copies' lifetime, given the parent as it was snapshotted. */
        long timeoutSeconds(SandboxView parent);

        /** Why the request fails as a whole given each copy's outcome, or empty to keep the copies made. */
        Optional<EngineException> refusal(SandboxView parent, List<Copy> copies);

        /** The answer, once the copies made are visible. */
        R answer(SandboxView parent, List<Copy> copies);
    }

    /**
     * One slot of a request once its restores are over: the copy made (not yet visible), or why not,
     * either refused before any restore (no running slot) or failed in its restore.
     *
     * @param id the copy's id; null for a refused slot, which never got one
     */
    private record Copy(String id, Optional<SandboxRecord> made, Optional<String> failure, Optional<EngineException> refused) {
    }

    /** The sequence clone and fork share; see {@link CopyRules}. */
    private <R> R copyParent(Tenant tenant, SandboxRecord parent, int count, CopyRules<R> rules) {
        Admission admitted = snapshotParent(parent, count, rules);
        int slotsHeld = admitted.slotsHeld();
        try {
            try {
                List<Copy> copies = admitted.snapshot == null
                        ? admitted.refusals.stream().map(refused -> new Copy(null, Optional.empty(), Optional.empty(), refused))
                                .collect(Collectors.toList())
                        : makeCopies(tenant, admitted, rules.timeoutSeconds(admitted.view));
                List<SandboxRecord> made = copies.stream().flatMap(copy -> copy.made().stream()).collect(Collectors.toList());
                Optional<EngineException> refusal = rules.refusal(admitted.view, copies);
                if (refusal.isPresent()) {
                    made.forEach(record -> backend.kill(record.id));
                    throw refusal.get();
                }
                slotsHeld -= made.size();
                made.forEach(sandboxes::publish);
                return rules.answer(admitted.view, copies);
            } finally {
                if (admitted.snapshot != null) {
                    backend.discard(admitted.snapshot);
                }
            }
        } finally {
            tenant.quota.release(slotsHeld);
        }
    }

    /** Restores every slot that holds a running slot; the others keep their refusal. Results in slot order. */
    private List<Copy> makeCopies(Tenant tenant, Admission admitted, long timeoutSeconds) {
        List<String> cloneIds = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < admitted.refusals.size(); slot++) {
            if (admitted.refusals.get(slot).isEmpty()) {
                cloneIds.add(ids.sandboxId());
                slots.add(slot);
            }
        }
        List<Optional<String>> outcomes = restoreCopies(tenant, admitted, cloneIds, slots);
        List<Copy> copies = new ArrayList<>();
        int restored = 0;
        for (Optional<EngineException> refused : admitted.refusals) {
            if (refused.isPresent()) {
                copies.add(new Copy(null, Optional.empty(), Optional.empty(), refused));
                continue;
            }
            String cloneId = cloneIds.get(restored);
            Optional<String> failure = outcomes.get(restored);
            restored++;
            Optional<SandboxRecord> made = failure.isPresent() ? Optional.empty()
                    : Optional.of(sandboxes.startedCopy(tenant, admitted.view, cloneId, timeoutSeconds));
            copies.add(new Copy(cloneId, made, failure, Optional.empty()));
        }
        return copies;
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
     * Checks the parent, takes the running slots for the copies and the parent's snapshot, all under the
     * parent's lock: slots are taken only for a parent that is there, so a request that finds its parent
     * killed (not found) never held slots that another call was refused for (quota exceeded), and every
     * request answers as if it came before or after each call on its parent. On failure the slots are
     * given back. When no slot holds a running slot, nothing is snapshotted.
     */
    private Admission snapshotParent(SandboxRecord parent, int count, CopyRules<?> rules) {
        return sandboxes.withLive(parent, record -> {
            rules.checkParent(record);
            List<Optional<EngineException>> refusals = List.copyOf(rules.takeRunningSlots(record.tenant.quota, count));
            int held = (int) refusals.stream().filter(Optional::isEmpty).count();
            if (held == 0) {
                return new Admission(null, record.view(), refusals);
            }
            try {
                record.tenant.faults().beforeSnapshot(record.id);
                try {
                    return new Admission(backend.snapshot(record.id), record.view(), refusals);
                } catch (RuntimeException e) {
                    throw BackendFailures.of("taking the clone snapshot of sandbox " + record.id, e);
                }
            } catch (RuntimeException | Error e) {
                record.tenant.quota.release(held);
                throw e;
            }
        });
    }

    /**
     * Makes the copies in the backend, up to {@link Backend#restoreConcurrency(BackendSnapshot)} at once; each
     * outcome is empty for a copy made, or says why it failed (an injected fault or the backend's
     * error). Fault decisions are taken first, in order, so they do not depend on timing; each copy is
     * described to them by its slot in the request.
     */
    private List<Optional<String>> restoreCopies(Tenant tenant, Admission taken, List<String> cloneIds, List<Integer> slots) {
        SandboxView parent = taken.view;
        List<Supplier<Optional<String>>> restores = new ArrayList<>();
        for (int index = 0; index < cloneIds.size(); index++) {
            String cloneId = cloneIds.get(index);
            Optional<String> fault = tenant.faults().cloneFailure(
                    new CloneFaultPolicy.PlannedCopy(parent.sandboxId(), cloneId, slots.get(index), taken.refusals.size()));
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

    private Optional<String> restoreCopy(Tenant tenant, Admission taken, String cloneId) {
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

    /**
     * A request let through its parent's lock: the parent's snapshot (null when no slot holds a running
     * slot, so there is nothing to restore), the parent as snapshotted, and per slot why it may not be
     * made, or empty when it holds a running slot.
     */
    private record Admission(BackendSnapshot snapshot, SandboxView view, List<Optional<EngineException>> refusals) {
        int slotsHeld() {
            return (int) refusals.stream().filter(Optional::isEmpty).count();
        }
    }
}
