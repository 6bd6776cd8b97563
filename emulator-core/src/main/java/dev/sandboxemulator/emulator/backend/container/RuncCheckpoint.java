package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.BackendException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A CRIU dump of a Docker container made by calling its runc directly, leaving it running.
 *
 * <p>Why not Docker's checkpoint endpoint: it makes containerd tar and digest the whole checkpoint
 * into its content store before it answers, which took 4.8 s for a process holding 256 MiB where
 * runc's own dump took 0.5 s, and the parent must stay frozen until the files and the memory are
 * both captured. runc dumps a container that is already frozen and leaves it frozen, so the
 * backend freezes, commits, dumps and thaws, and the freeze lasts only as long as those need. The
 * dump's images are what Docker's restore takes ({@code start?checkpoint=}).
 */
final class RuncCheckpoint {
    /** Where Docker's runc keeps its containers' state: {@code <exec-root>/runtime-runc/moby}. */
    private static final List<Path> STATE_ROOTS = List.of(Path.of("/run/docker/runtime-runc/moby"),
            Path.of("/var/run/docker/runtime-runc/moby"));

    private final Path stateRoot;
    private final String path;
    private final Duration limit;

    private RuncCheckpoint(Path stateRoot, String path, Duration limit) {
        this.stateRoot = stateRoot;
        this.path = path;
        this.limit = limit;
    }

    /** runc as the running Docker daemon uses it, with the daemon's PATH (which finds its CRIU). */
    static RuncCheckpoint forDocker(Duration limit) {
        Path root = STATE_ROOTS.stream().filter(Files::isDirectory).findFirst().orElse(STATE_ROOTS.get(0));
        return new RuncCheckpoint(root, DaemonProcess.pathOf(DaemonProcess.find("dockerd")), limit);
    }

    /** Whether runc keeps this container's state where this dumper looks (else Docker's API must do). */
    boolean knows(String containerId) {
        return Files.isDirectory(stateRoot.resolve(containerId));
    }

    /** Dumps the container's processes into {@code images}, leaving them running (or frozen, if they were). */
    void dump(String containerId, Path images) {
        Path work = images.resolveSibling(images.getFileName() + ".work");
        try {
            Files.createDirectories(images);
            Files.createDirectories(work);
            HostCommand.Result result = HostCommand.run(List.of("runc", "--root", stateRoot.toString(), "checkpoint",
                    "--leave-running", "--image-path", images.toString(), "--work-path", work.toString(), containerId),
                    path, limit, containerId);
            if (!result.succeeded()) {
                String log = CriuLog.excerpt("", List.of(work)).map(text -> "\n" + text).orElse("");
                throw new BackendException("runc checkpoint: " + result.said() + log);
            }
        } catch (IOException e) {
            throw new BackendException("cannot make the checkpoint folder " + images + ": " + e.getMessage(), e);
        } finally {
            HostFolders.deleteQuietly(work);
        }
    }
}
