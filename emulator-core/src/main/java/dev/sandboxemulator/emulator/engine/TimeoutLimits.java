package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.time.Duration;
import java.util.Map;

/**
 * The bounds on a sandbox's timeout. The service caps a requested timeout silently rather than
 * refusing it, with a higher cap for sandboxes marked {@code long_running=true}, and refuses only a
 * negative one.
 */
final class TimeoutLimits {

    private static final String LONG_RUNNING_KEY = "long_running";

    private final Duration maxTimeout;
    private final Duration longRunningMaxTimeout;

    TimeoutLimits(EngineSettings settings) {
        this.maxTimeout = settings.maxTimeout();
        this.longRunningMaxTimeout = settings.longRunningMaxTimeout();
    }

    /** {@code requestedSeconds} as it applies to a sandbox with {@code metadata}: refused if negative, else capped. */
    long capped(long requestedSeconds, Map<String, String> metadata) {
        requireNonNegative(requestedSeconds);
        Duration cap = "true".equals(metadata.get(LONG_RUNNING_KEY)) ? longRunningMaxTimeout : maxTimeout;
        return Math.min(requestedSeconds, cap.toSeconds());
    }

    static void requireNonNegative(long seconds) {
        if (seconds < 0) {
            throw new InvalidRequestException("timeout must not be negative, was " + seconds);
        }
    }
}
