package dev.sandboxemulator.emulator.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The emulator's clock as a scheduler: everything that waits (a {@code sleep}, a stub's delay, a
 * process's lifetime) waits on this, so a test's manual clock drives it deterministically.
 *
 * <p>With a manual clock, tasks that come due run on the thread that advances the clock, before
 * {@code advance} returns, in the order of their due times. With the system clock they run on a
 * scheduler thread. Tasks must be short and must not block.
 *
 * <p>How the time types relate: a {@link java.time.Clock} only tells the time; a {@code VirtualTime}
 * is a clock that can also be waited on, and is what backends get (per backend, and per sandbox in
 * {@link SandboxSpec#time()}). The engine's implementation is {@code engine.ClockScheduler}, which
 * schedules on a {@code Clock} (the public {@code ManualClock} or the system clock). Where a backend
 * only needs the time, not the waits (the simulated filesystem's file times), it takes the
 * {@link java.time.InstantSource} that {@code Clock} implements, and {@code time::now} adapts a
 * {@code VirtualTime} to it.
 */
public interface VirtualTime {

    Instant now();

    /** Runs {@code task} once the clock reaches {@code when} (at once, asynchronously, if it already has). */
    Cancellable at(Instant when, Runnable task);

    /** Runs {@code task} after {@code delay} on the clock. */
    default Cancellable after(Duration delay, Runnable task) {
        return at(now().plus(delay), task);
    }

    /** A scheduled task that may be called off; cancelling a task that ran is harmless. */
    @FunctionalInterface
    interface Cancellable {
        /** Returns true if the task had not run yet and now never will. */
        boolean cancel();
    }
}
