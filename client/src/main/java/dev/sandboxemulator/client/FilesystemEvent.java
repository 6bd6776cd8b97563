package dev.sandboxemulator.client;

import java.util.Objects;

/**
 * One change in a watched directory, delivered by {@link Filesystem#watchDir}. Instances are immutable.
 *
 * @param name the changed entry's path relative to the watched directory
 * @param type what happened
 */
public record FilesystemEvent(String name, EventType type) {
    /** Checks for nulls. */
    public FilesystemEvent {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
    }

    /** What happened to an entry, as envd's {@code EventType}. */
    public enum EventType {
        /** The entry was created ({@code EVENT_TYPE_CREATE}). */
        CREATE,
        /** The entry's content was written ({@code EVENT_TYPE_WRITE}). */
        WRITE,
        /** The entry was removed ({@code EVENT_TYPE_REMOVE}). */
        REMOVE,
        /** The entry was renamed ({@code EVENT_TYPE_RENAME}). */
        RENAME,
        /** The entry's permissions changed ({@code EVENT_TYPE_CHMOD}). */
        CHMOD
    }
}
