package dev.sandboxemulator.emulator.engine;

/**
 * A validated connect (or resume) request.
 *
 * @param timeoutSeconds the lifetime asked for, before caps: a running sandbox's end only moves later
 */
public record ConnectCommand(long timeoutSeconds) {

    /** E2B's connect without a timeout ({@code {}} or no body) gives the sandbox 300 s. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 300;

    /**
     * A request as the caller sent it: {@code null} is a field left out. {@code memory: false}
     * (resume by rebooting) is refused: see {@link MemoryKeeping}.
     */
    public static ConnectCommand asRequested(Long timeoutSeconds, Boolean memory) {
        MemoryKeeping.requireKept(memory, "memory");
        return new ConnectCommand(timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds);
    }
}
