package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The copies of restored checkpoints that Docker leaves behind. {@code docker start --checkpoint}
 * extracts the checkpoint from containerd's content store into a {@code ctrd-checkpoint*} folder
 * of the daemon's temporary directory and never removes it (containerd issue 10166): a full copy
 * of the checkpoint, hundreds of MiB for a process that holds that much, per restore.
 *
 * <p>Each checkpoint the backend restores holds a marker file unique to that restore and naming its
 * owner, so the backend removes exactly its own copy after each restore, and what dead emulators left.
 */
final class ContainerdCheckpointCopies {
    static final String MARKER_FILE = "sandbox-emulator-copy";
    private static final String PREFIX = "ctrd-checkpoint";
    private static final String OWNER_KEY = "owner=";

    private final Path temporaryDirectory;

    ContainerdCheckpointCopies(Path temporaryDirectory) {
        this.temporaryDirectory = temporaryDirectory;
    }

    /** The copies of the running Docker daemon: in its {@code TMPDIR}, else {@code /tmp}. */
    static ContainerdCheckpointCopies ofRunningDaemon() {
        String tmp = DaemonProcess.find("dockerd").flatMap(daemon -> daemon.environment("TMPDIR")).orElse("/tmp");
        return new ContainerdCheckpointCopies(Path.of(tmp));
    }

    /** A marker's content: the owner first, so that {@link #reapDead()} can tell a dead owner's copies. */
    static String marker(String owner, String unique) {
        return OWNER_KEY + owner + " " + unique;
    }

    /** Removes the copy whose marker is {@code marker}; none is fine. */
    void remove(String marker) {
        if (marker == null) {
            return;
        }
        forEachCopy((copy, content) -> {
            if (content.equals(marker)) {
                HostFolders.deleteQuietly(copy);
            }
        });
    }

    /** Removes the copies of emulators that no longer run (a JVM killed in the middle of a restore). */
    void reapDead() {
        forEachCopy((copy, content) -> {
            if (content.startsWith(OWNER_KEY)) {
                int space = content.indexOf(' ');
                String owner = content.substring(OWNER_KEY.length(), space < 0 ? content.length() : space);
                if (!HostProcess.isAlive(owner)) {
                    HostFolders.deleteQuietly(copy);
                }
            }
        });
    }

    /** How many copies of this backend's checkpoints there are, whoever owns them: for tests. */
    int count() {
        int[] count = {0};
        forEachCopy((copy, content) -> count[0]++);
        return count[0];
    }

    private interface CopyVisitor {
        void visit(Path copy, String marker);
    }

    private void forEachCopy(CopyVisitor visitor) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(temporaryDirectory, PREFIX + "*")) {
            for (Path copy : copies) {
                Path marker = copy.resolve(MARKER_FILE);
                if (Files.isRegularFile(marker)) {
                    try {
                        visitor.visit(copy, Files.readString(marker, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // removed meanwhile, or unreadable: not ours to judge
                    }
                }
            }
        } catch (IOException e) {
            // no such folder: nothing left behind there
        }
    }
}
