package dev.sandboxemulator.emulator.backend.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;

import java.util.function.Consumer;

/**
 * What differs between the container engines that {@link ContainerBackend} drives: how a
 * container's memory and files are captured with CRIU, kept, and restored into new containers.
 * Everything else (creating containers, the supervisor, files, processes, labels, cleanup) is the
 * backend's, through the Docker-compatible API that both Docker and Podman serve.
 *
 * <p>Every capture is consistent: the files and the memory of a snapshot come from one instant.
 */
interface ContainerEngine extends AutoCloseable {

    /** {@code docker} or {@code podman}. */
    String name();

    /** The engine's Docker-compatible API, for everything that is not checkpoint and restore. */
    DockerApi api();

    /** Dumps the running container's processes to disk and stops it, freeing its memory. */
    void pause(String sandboxId, String containerId);

    /** Restores a container that {@link #pause} stopped, where it stopped. */
    void resume(String sandboxId, String containerId);

    /**
     * Captures a running container's files and memory at one instant, freezing it no longer than
     * that needs; it runs on when this returns, whatever happened.
     */
    BackendSnapshot capture(String sandboxId, String containerId);

    /** Captures a container that {@link #pause} stopped, without touching it. */
    BackendSnapshot capturePaused(String sandboxId, String containerId);

    /**
     * A new, running container restored from {@code snapshot}: its processes as they were at the
     * capture. {@code settings} configures the new container where the engine creates it from
     * settings; an engine that restores the captured container's own settings names it only.
     * On failure nothing is left of the new container.
     *
     * @return the new container's id
     */
    String restore(BackendSnapshot snapshot, String sandboxId, String containerName, Consumer<CreateContainerCmd> settings);

    /** How many bytes a snapshot keeps (its memory, mostly). */
    long sizeOf(BackendSnapshot snapshot);

    /** Releases what a snapshot holds. */
    void discard(BackendSnapshot snapshot);

    /** Removes a container and whatever the engine keeps for it (a pause checkpoint, say); a missing one is fine. */
    void remove(String containerId);

    /** Removes everything of this engine instance that is still there. */
    @Override
    void close();
}
