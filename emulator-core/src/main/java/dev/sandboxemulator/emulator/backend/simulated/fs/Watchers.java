package dev.sandboxemulator.emulator.backend.simulated.fs;

import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The directory watches of one filesystem. Events are delivered after the change, outside the
 * filesystem's lock, on the thread that made the change.
 */
final class Watchers {
    private static final System.Logger LOG = System.getLogger(Watchers.class.getName());

    private final List<WatchEntry> entries = new CopyOnWriteArrayList<>();

    SandboxFileSystem.Watch add(String directory, boolean recursive, Consumer<FileSystemEvent> listener) {
        WatchEntry entry = new WatchEntry(directory, recursive, listener);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** Tells every watch that covers {@code path} (an absolute, normalized path) what happened to it. */
    void fire(String path, FileSystemEvent.Type type) {
        for (WatchEntry entry : entries) {
            String prefix = entry.directory.equals("/") ? "/" : entry.directory + "/";
            if (!path.startsWith(prefix) || path.length() == prefix.length()) {
                continue;
            }
            String relative = path.substring(prefix.length());
            if (!entry.recursive && relative.contains("/")) {
                continue;
            }
            try {
                entry.listener.accept(new FileSystemEvent(relative, type));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a watch listener failed", e);
            }
        }
    }

    private static final class WatchEntry {
        final String directory;
        final boolean recursive;
        final Consumer<FileSystemEvent> listener;

        WatchEntry(String directory, boolean recursive, Consumer<FileSystemEvent> listener) {
            this.directory = directory;
            this.recursive = recursive;
            this.listener = listener;
        }
    }
}
