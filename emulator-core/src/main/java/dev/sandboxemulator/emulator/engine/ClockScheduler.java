package dev.sandboxemulator.emulator.engine;

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
import java.util.function.Consumer;

/**
 * {@link VirtualTime} on the emulator's clock. On a {@link #manual manual} clock, due tasks run on
 * the thread that advances it, in due order, before {@code advance} returns; on a {@link #ticking
 * ticking} clock, a daemon scheduler thread runs them.
 *
 * <p>The caller says which kind of clock this is, and hands over its advance notifications, rather
 * than this class recognising the public {@code ManualClock}: the engine must not depend on the
 * public package, which depends on it.
 *
 * <p>The one implementation of {@link VirtualTime} (the SPI's clock-you-can-wait-on): it adds the
 * scheduling to a {@link Clock}, which only tells the time. Backends see it only as a
 * {@code VirtualTime}.
 */
public final class ClockScheduler implements VirtualTime, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClockScheduler.class.getName());

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final PriorityQueue<Task> manualQueue = new PriorityQueue<>();
    private final AtomicLong order = new AtomicLong();
    private final boolean manual;
    private final AutoCloseable listener;

    /** How a clock that moves only when told reports each move. */
    @FunctionalInterface
    public interface AdvanceNotifications {
        /** Calls {@code listener} with the new time after every advance, until the result is closed. */
        AutoCloseable onAdvance(Consumer<Instant> listener);
    }

    /** A scheduler on a clock whose time passes by itself, such as the system clock. */
    public static ClockScheduler ticking(Clock clock) {
        return new ClockScheduler(clock, null);
    }

    /** A scheduler on a clock that moves only when advanced, and reports each advance through {@code advances}. */
    public static ClockScheduler manual(Clock clock, AdvanceNotifications advances) {
        return new ClockScheduler(clock, advances);
    }

    private ClockScheduler(Clock clock, AdvanceNotifications advances) {
        this.clock = clock;
        this.manual = advances != null;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-emulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        this.listener = manual ? advances.onAdvance(now -> runDue()) : () -> { };
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
        if (manual) {
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
