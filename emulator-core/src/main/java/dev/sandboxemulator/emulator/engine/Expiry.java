package dev.sandboxemulator.emulator.engine;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * What happens when a sandbox's timeout, or its {@linkplain IdleClock idle timeout}, passes: it is
 * killed, or paused when its lifecycle says so. The two are independent: whichever passes first
 * ends the sandbox's run. A pause that fails kills it after all, so that an expired sandbox never goes on running and
 * holding its quota slot.
 *
 * <p>Nothing here runs on a timer: the engine applies timeouts when it is called (and the tenant's
 * clock may be a test's manual one), so a sandbox is never seen running past its end.
 */
final class Expiry {

    private static final System.Logger LOG = System.getLogger(Expiry.class.getName());

    private final Consumer<SandboxRecord> pause;
    private final Consumer<SandboxRecord> kill;

    /** {@code pause} and {@code kill} are the engine's own state changes, called with the sandbox's lock held. */
    Expiry(Consumer<SandboxRecord> pause, Consumer<SandboxRecord> kill) {
        this.pause = pause;
        this.kill = kill;
    }

    /**
     * Applies every timeout that has passed among {@code records}. Sandboxes busy in another call
     * are left for the next sweep rather than waited for: the call that holds one applies that
     * sandbox's own timeout first anyway.
     */
    void expireDue(Iterable<SandboxRecord> records) {
        for (SandboxRecord record : records) {
            // Read without the lock to skip the many that are not due cheaply; checked again under it.
            if (!due(record)) {
                continue;
            }
            if (record.lock.tryLock()) {
                try {
                    expireIfDue(record);
                } finally {
                    record.lock.unlock();
                }
            }
        }
    }

    /** Applies {@code record}'s timeout if it has passed; the caller holds its lock. */
    void expireIfDue(SandboxRecord record) {
        if (record.removed || !due(record)) {
            return;
        }
        if (record.lifecycle.onTimeout() == Lifecycle.OnTimeout.PAUSE) {
            try {
                pause.accept(record);
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "pausing expired sandbox " + record.id + " failed; killing it", e);
            }
        }
        kill.accept(record);
    }

    private static boolean due(SandboxRecord record) {
        if (record.state != SandboxState.RUNNING) {
            return false;
        }
        Instant now = record.tenant.clock().instant();
        return !record.endAt.isAfter(now) || record.idle.passed(now);
    }
}
