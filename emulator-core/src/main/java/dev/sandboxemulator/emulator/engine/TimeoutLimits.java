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
        return Math.min(requestedSeconds, capFor(metadata).toSeconds());
    }

    /**
     * Refuses {@code seconds} above the cap that applies to a sandbox with {@code metadata}. Fork
     * refuses such a timeout, as upstream does, where every other call caps it silently.
     */
    void requireWithinCap(long seconds, Map<String, String> metadata) {
        long cap = capFor(metadata).toSeconds();
        if (seconds > cap) {
            throw new InvalidRequestException("Timeout must be at most " + cap + " seconds, was " + seconds);
        }
    }

    private Duration capFor(Map<String, String> metadata) {
        return "true".equals(metadata.get(LONG_RUNNING_KEY)) ? longRunningMaxTimeout : maxTimeout;
    }

    static void requireNonNegative(long seconds) {
        if (seconds < 0) {
            throw new InvalidRequestException("timeout must not be negative, was " + seconds);
        }
    }
}
