package dev.sandboxemulator.bench.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Podman's clone by hand: {@code podman container checkpoint --leave-running --export} to an archive, then
 * {@code podman container restore --import} of it under a new name (Podman's defaults: a zstd archive).
 */
final class PodmanByHand extends ByHandClone {
    /** The archives, on the disk of Podman's store. */
    private static final Path ARCHIVES = Path.of("/var/tmp");

    PodmanByHand() {
        super("podman");
    }

    @Override
    void cloneOnce(String parent, String parentId, String copy) {
        String archive = archiveOf(copy);
        Cli.run("podman", "container", "checkpoint", "--leave-running", "--export", archive, parent);
        Cli.run("podman", "container", "restore", "--import", archive, "--name", copy);
    }

    @Override
    void cleanUpClone(String parent, String copy) {
        Cli.quietly("rm", "-f", archiveOf(copy));
    }

    @Override
    void sweep() {
        super.sweep();
        try (Stream<Path> files = Files.list(ARCHIVES)) {
            files.filter(file -> file.getFileName().toString().startsWith(PREFIX)).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // nothing to list: nothing to remove
        }
    }

    private static String archiveOf(String copy) {
        return ARCHIVES.resolve(copy + ".tar").toString();
    }
}
