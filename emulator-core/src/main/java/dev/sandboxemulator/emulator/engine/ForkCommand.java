package dev.sandboxemulator.emulator.engine;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A fork request, E2B's equivalent of a clone (see {@link Engine#fork}).
 *
 * @param count how many forks, 1 to {@link #MAX_COUNT} and below the tenant's running quota
 * @param timeoutSeconds the forks' lifetime in seconds, above 0 and at most the engine's maximum timeout
 */
public record ForkCommand(int count, long timeoutSeconds) {

    /** The most forks one request may ask for, as upstream. */
    public static final int MAX_COUNT = 100;
    /** How many forks a request without a count makes. */
    public static final int DEFAULT_COUNT = 1;
    /**
     * The forks' lifetime when the request gives none. Upstream's own default for forks, deliberately
     * short (a fork is usually a throwaway attempt), not the 300 s of create.
     */
    public static final long DEFAULT_TIMEOUT_SECONDS = 15;

    /** A request as the caller sent it: an absent field takes its default. */
    public static ForkCommand asRequested(OptionalInt count, OptionalLong timeoutSeconds) {
        return new ForkCommand(count.orElse(DEFAULT_COUNT), timeoutSeconds.orElse(DEFAULT_TIMEOUT_SECONDS));
    }
}
