package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

/**
 * What happens to a sandbox when its timeout expires.
 *
 * @param onTimeout kill it (the default) or pause it
 * @param autoResume whether a paused sandbox wakes on use; only valid with {@link OnTimeout#PAUSE}
 */
public record Lifecycle(OnTimeout onTimeout, boolean autoResume) {

    public static final Lifecycle DEFAULT = new Lifecycle(OnTimeout.KILL, false);

    /**
     * A lifecycle as the caller asked for it, a {@code null} being a field left out: a sandbox is
     * killed at its timeout unless {@code autoPause}, and wakes on use only with {@code autoResume}.
     */
    public static Lifecycle asRequested(Boolean autoPause, Boolean autoResume) {
        return new Lifecycle(Boolean.TRUE.equals(autoPause) ? OnTimeout.PAUSE : OnTimeout.KILL, Boolean.TRUE.equals(autoResume));
    }

    public Lifecycle {
        if (autoResume && onTimeout != OnTimeout.PAUSE) {
            throw new InvalidRequestException("autoResume requires autoPause (lifecycle onTimeout 'pause')");
        }
    }

    /** The two timeout actions, with their wire names. */
    public enum OnTimeout {
        KILL("kill"), PAUSE("pause");

        private final String wireName;

        OnTimeout(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
