package dev.sandboxemulator.emulator.spi;

/**
 * What the engine drives: the machinery that makes, suspends, copies and destroys sandboxes.
 *
 * <p>A backend knows nothing of HTTP, quotas, timeouts or lifecycle rules; the engine owns those
 * and calls the backend only for the physical work. Each method is called with the engine holding
 * the sandbox's lock, so a backend never sees two concurrent calls for the same sandbox. Calls for
 * different sandboxes may run concurrently.
 *
 * <p>Cloning is split in two so that the parent is suspended only as long as it must be:
 * {@link #snapshot} captures the parent (filesystem and process state) while the engine keeps
 * other calls to the parent waiting; {@link #restore} then makes each copy from that snapshot
 * while the parent is already available again.
 */
public interface Backend extends AutoCloseable {

    /** A short name for logs and error messages, such as {@code simulated} or {@code docker}. */
    String name();

    /** Makes a new, running sandbox. */
    void create(String sandboxId, SandboxSpec spec) throws BackendException;

    /** Makes a new, running sandbox from a snapshot, as a clone or from a snapshot template. */
    void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) throws BackendException;

    /**
     * Captures a sandbox's filesystem and process state. A running sandbox is suspended for the
     * capture and running again when this returns; a paused one stays paused.
     */
    BackendSnapshot snapshot(String sandboxId) throws BackendException;

    /**
     * How many copies of one snapshot {@link #restore} may make at once. The engine restores the
     * copies of a clone request in parallel up to this; 1 (the default) means one after another,
     * which keeps a deterministic backend deterministic.
     */
    default int restoreConcurrency() {
        return 1;
    }

    /**
     * How many copies of this {@code snapshot} {@link #restore} may make at once: a backend may
     * restore copies of a large snapshot fewer at a time. {@link #restoreConcurrency()} by default.
     */
    default int restoreConcurrency(BackendSnapshot snapshot) {
        return restoreConcurrency();
    }

    /** Releases what a snapshot holds; the engine calls this once it no longer needs it. */
    void discard(BackendSnapshot snapshot);

    /** Freezes a running sandbox, keeping its filesystem and memory. */
    void pause(String sandboxId) throws BackendException;

    /** Thaws a paused sandbox where it stopped. */
    void resume(String sandboxId) throws BackendException;

    /** Destroys a sandbox and everything it holds. Unknown ids are ignored. */
    void kill(String sandboxId);

    /** The sandbox's filesystem, for the data plane and for test authors. */
    SandboxFileSystem fileSystem(String sandboxId) throws BackendException;

    /** The sandbox's processes, for the data plane. */
    ProcessManager processes(String sandboxId) throws BackendException;

    /** Resource usage, for the metrics endpoint. */
    ResourceUsage usage(String sandboxId) throws BackendException;

    /** Destroys every sandbox this backend made. */
    @Override
    void close();
}
