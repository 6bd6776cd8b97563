package dev.sandboxemulator.emulator.spi;

/**
 * A change in a watched directory, as envd's inotify watcher reports it.
 *
 * @param name the entry's path relative to the watched directory
 * @param type what happened
 */
public record FileSystemEvent(String name, Type type) {

    /** envd's event types. */
    public enum Type { CREATE, WRITE, REMOVE, RENAME, CHMOD }
}
