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
