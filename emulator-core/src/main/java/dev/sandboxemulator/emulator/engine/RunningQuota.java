package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;

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

    /**
     * Takes {@code n} slots, or none and throws {@link QuotaExceededException} with {@code what} in the
     * message. The check is
     * written as {@code n > left} so that no request number, however large, can overflow it.
     */
    synchronized void acquire(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot take a negative number of running slots: " + n);
        }
        if (n > limit - used) {
            int left = limit - used;
            throw new QuotaExceededException(what + " would exceed the concurrent running sandboxes quota of " + limit
                    + " (" + used + " running, " + left + " left); kill or pause sandboxes, or raise the quota");
        }
        used += n;
    }

    synchronized void release(int n) {
        if (n < 0 || n > used) {
            // Checked before changing anything, so a bookkeeping bug cannot corrupt the count.
            throw new IllegalStateException("cannot release " + n + " running slots: only " + used + " are taken");
        }
        used -= n;
    }

    synchronized int used() {
        return used;
    }

    int limit() {
        return limit;
    }
}
