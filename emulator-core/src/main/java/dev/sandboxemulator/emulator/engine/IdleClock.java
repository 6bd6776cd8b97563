package dev.sandboxemulator.emulator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long one sandbox has gone without a client, for its {@linkplain IdleTimeout idle timeout},
 * measured on its tenant's clock.
 *
 * <p>A client is <em>connected</em> while it holds a data-plane stream open (a process's
 * {@code Start} or {@code Connect}, a {@code WatchDir}): the sandbox is never idle then, however long
 * the stream lasts. Every other use is <em>activity</em> at its moment: a data-plane request (when it
 * is let in and when it ends), a control-plane call on the sandbox (get, connect, setTimeout,
 * pause, metrics, snapshot, clone of it), and the end of a stream. Listing sandboxes and envd's
 * {@code /health} only look, and do not count. The sandbox is idle for its timeout once it has
 * run that long with nothing connected since its last activity; its start and every resume count
 * as activity, and time spent paused never counts.
 *
 * <p>Lock-free, because streams end on their own threads without the sandbox's lock: a stream's end
 * records its activity before it stops counting as connected, so a check that sees nothing
 * connected also sees that last activity.
 */
final class IdleClock {
    private final Optional<Duration> timeout;
    private final Clock clock;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicReference<Instant> lastActivity;

    IdleClock(Optional<Duration> timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.lastActivity = new AtomicReference<>(clock.instant());
    }

    /** Activity now; never moves the last activity back. */
    void touch() {
        Instant now = clock.instant();
        lastActivity.accumulateAndGet(now, (last, next) -> next.isAfter(last) ? next : last);
    }

    /** Starts counting afresh from now: the sandbox started or resumed. */
    void restart() {
        lastActivity.set(clock.instant());
    }

    /** Counts a client as connected until the returned handle is closed (once; later closes do nothing). */
    DataPlaneAccess.Connection connect() {
        connected.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                touch();
                connected.decrementAndGet();
            }
        };
    }

    /** Whether the idle timeout has passed by {@code now}; the caller knows the sandbox runs. */
    boolean passed(Instant now) {
        if (timeout.isEmpty() || connected.get() > 0) {
            return false;
        }
        return !lastActivity.get().plus(timeout.get()).isAfter(now);
    }

    /** The idle timeout, if the sandbox has one. */
    Optional<Duration> timeout() {
        return timeout;
    }
}
