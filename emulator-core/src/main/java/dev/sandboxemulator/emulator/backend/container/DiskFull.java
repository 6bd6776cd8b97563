package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a checkpoint that failed because its folder ran out of space from any other failure, and
 * says so plainly. The tools' own words for it are buried (CRIU's "Can't write pages", runc's exit
 * status, Podman's tar error), and a full disk is the one cause the user can fix at once: free
 * space, or point the staging folder elsewhere.
 */
final class DiskFull {
    /** Less than this left in the folder after a failed write means the write ran out of space. */
    static final long NEARLY_FULL_BYTES = 1024L * 1024;
    private static final long MIB = 1024L * 1024;

    private DiskFull() {
    }

    /**
     * A sentence naming {@code folder} when a failure that said {@code said} came from a full disk
     * (the tool says so, or the folder has almost nothing left), else empty. Call it before the
     * failed checkpoint's files are removed: they are what filled the folder.
     */
    static Optional<String> explain(Path folder, String said) {
        String text = said == null ? "" : said.toLowerCase(Locale.ROOT);
        boolean toolSaysSo = text.contains("no space left on device") || text.contains("enospc");
        Optional<FileStore> store = storeOf(folder);
        long free = store.map(DiskFull::usable).orElse(Long.MAX_VALUE);
        if (!toolSaysSo && free >= NEARLY_FULL_BYTES) {
            return Optional.empty();
        }
        String room = store.map(s -> ", " + free / MIB + " MiB free of " + total(s) / MIB + " MiB").orElse("");
        return Optional.of("the disk is full: no space left on device for the checkpoint in " + folder + room
                + " (free some space, or set " + ContainerOptions.STAGING_DIR_ENV + " to a larger folder)");
    }

    private static Optional<FileStore> storeOf(Path folder) {
        for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate)) {
                try {
                    return Optional.of(Files.getFileStore(candidate));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static long usable(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long total(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
