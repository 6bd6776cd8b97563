package dev.sandboxemulator.emulator.spi;

import java.util.List;
import java.util.Optional;

/** One sandbox's processes. */
public interface ProcessManager {

    /**
     * Starts a process; it runs asynchronously (or on the clock) after this returns.
     *
     * @throws ProcessException with {@code INVALID_ARGUMENT} when it cannot be started (such as a missing cwd)
     */
    SandboxProcess start(ProcessSpec spec);

    /** The processes that are still running, by pid. */
    List<SandboxProcess> list();

    /**
     * A process by pid: a running one, or one that ended (a backend may forget ended processes after a while;
     * the envd API looks up running ones only).
     */
    Optional<SandboxProcess> byPid(int pid);

    /** A running process by tag. */
    Optional<SandboxProcess> byTag(String tag);
}
