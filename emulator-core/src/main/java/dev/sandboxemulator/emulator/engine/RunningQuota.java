package dev.sandboxemulator.emulator.engine;

/**
 * Slots for running sandboxes. A slot is taken before a sandbox starts running (create, resume,
 * clone) and given back when it stops (pause, kill, timeout), so concurrent requests can never
 * together exceed the limit.
 */
final class RunningQuota {
    private final int limit;
    private int used;

    RunningQuota(int limit) {
        this.limit = limit;
    }

    /** Takes {@code n} slots, or none and answers 429 with {@code what} in the message. */
    synchronized void acquire(int n, String what) {
        if (used + n > limit) {
            int left = limit - used;
            throw EmulatorException.quotaExceeded(what + " would exceed the concurrent running sandboxes quota of " + limit
                    + " (" + used + " running, " + left + " left); kill or pause sandboxes, or raise the quota");
        }
        used += n;
    }

    synchronized void release(int n) {
        used -= n;
        if (used < 0) {
            throw new IllegalStateException("released more running slots than were taken");
        }
    }

    synchronized int used() {
        return used;
    }

    int limit() {
        return limit;
    }
}
