package dev.sandboxemulator.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A clock that moves only when told to, for tests that prove timeouts without sleeping.
 *
 * <p>Thread-safe. An emulator built on a manual clock applies timeouts as soon as the clock is
 * {@linkplain #advance advanced}: when {@code advance} returns, every sandbox whose end time has
 * passed is already killed or paused.
 */
public final class ManualClock extends Clock {

    /** Where a manual clock starts unless told otherwise: a fixed instant, so runs are repeatable. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Object lock = new Object();
    private final List<Consumer<Instant>> listeners;
    private Instant now;

    private ManualClock(Instant start, List<Consumer<Instant>> listeners) {
        this.now = start;
        this.listeners = listeners;
    }

    /** A clock at {@link #DEFAULT_START}. */
    public static ManualClock create() {
        return startingAt(DEFAULT_START);
    }

    /** A clock at {@code start}. */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start"), new CopyOnWriteArrayList<>());
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now;
        }
    }

    /**
     * Moves the clock forward and applies whatever became due.
     *
     * @throws IllegalArgumentException if {@code amount} is negative: time does not go back
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount < 0: " + amount);
        }
        Instant reached;
        synchronized (lock) {
            now = now.plus(amount);
            reached = now;
        }
        listeners.forEach(listener -> listener.accept(reached));
        return reached;
    }

    /** Sets the clock to {@code instant}, which must not be before the current time. */
    public Instant setTo(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Duration delta;
        synchronized (lock) {
            delta = Duration.between(now, instant);
        }
        return advance(delta);
    }

    /**
     * Registers a callback run after each advance with the new time. The emulator uses this to
     * apply timeouts; the returned handle removes the callback.
     */
    public AutoCloseable onAdvance(Consumer<Instant> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Manual clocks live in UTC; a clock in another zone would not share this one's time. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a ManualClock is always in UTC");
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
