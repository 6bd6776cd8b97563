package dev.sandboxemulator.emulator.spi;

import java.util.Optional;

/**
 * A process in a sandbox. Its output is kept, so a late subscriber (a reconnect, or a clone's
 * copy of the process) can see everything it printed.
 */
public interface SandboxProcess {

    int pid();

    ProcessSpec spec();

    /** How it ended, or empty while it runs. */
    Optional<ProcessExit> exit();

    /**
     * Delivers to {@code listener} every chunk printed so far (when {@code replay}), then every
     * later chunk, then the exit (at once if it has already ended). Nothing is missed or
     * delivered twice between the replay and the live events.
     */
    Subscription subscribe(ProcessListener listener, boolean replay);

    /**
     * Writes to its standard input.
     *
     * @throws ProcessException with {@code FAILED_PRECONDITION} if it has no stdin or stdin was closed, or {@code NOT_FOUND} if it ended
     */
    void writeStdin(byte[] data);

    /** Closes its standard input (end of file for whatever reads it). */
    void closeStdin();

    /** Delivers a signal; SIGKILL ends it at once, SIGTERM as the program decides (builtins end). */
    void signal(ProcessSignal signal);

    /** Stops delivering events to one listener. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
