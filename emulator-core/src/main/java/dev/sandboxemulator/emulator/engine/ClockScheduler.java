package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link VirtualTime} on the emulator's clock. On a {@link ManualClock}, due tasks run on the
 * thread that advances it, in due order, before {@code advance} returns; on any other clock, a
 * daemon scheduler thread runs them.
 */
public final class ClockScheduler implements VirtualTime, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClockScheduler.class.getName());

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final PriorityQueue<Task> manualQueue = new PriorityQueue<>();
    private final AtomicLong order = new AtomicLong();
    private final AutoCloseable listener;

    public ClockScheduler(Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-emulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        this.listener = clock instanceof ManualClock ? ((ManualClock) clock).onAdvance(now -> runDue()) : () -> { };
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable at(Instant when, Runnable task) {
        Task scheduled = new Task(when, order.incrementAndGet(), task);
        if (!when.isAfter(clock.instant())) {
            executor.execute(scheduled::run);
            return scheduled::cancel;
        }
        if (clock instanceof ManualClock) {
            synchronized (manualQueue) {
                manualQueue.add(scheduled);
            }
            return scheduled::cancel;
        }
        long delayNanos = Duration.between(clock.instant(), when).toNanos();
        ScheduledFuture<?> future = executor.schedule(scheduled::run, delayNanos, TimeUnit.NANOSECONDS);
        return () -> scheduled.cancel() && future.cancel(false);
    }

    /** Runs every task whose time has come, including tasks those tasks schedule for now. */
    private void runDue() {
        while (true) {
            Task next;
            synchronized (manualQueue) {
                next = manualQueue.peek();
                if (next == null || next.when.isAfter(clock.instant())) {
                    return;
                }
                manualQueue.poll();
            }
            next.run();
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "removing the clock listener failed", e);
        }
        executor.shutdownNow();
        synchronized (manualQueue) {
            manualQueue.clear();
        }
    }

    private static final class Task implements Comparable<Task> {
        final Instant when;
        final long order;
        final Runnable body;
        final AtomicBoolean done = new AtomicBoolean();

        Task(Instant when, long order, Runnable body) {
            this.when = when;
            this.order = order;
            this.body = body;
        }

        void run() {
            if (done.compareAndSet(false, true)) {
                try {
                    body.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a scheduled task failed", e);
                }
            }
        }

        boolean cancel() {
            return done.compareAndSet(false, true);
        }

        @Override
        public int compareTo(Task other) {
            int byTime = when.compareTo(other.when);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
