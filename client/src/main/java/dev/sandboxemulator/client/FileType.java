package dev.sandboxemulator.client;

/** The kind of a filesystem entry inside a sandbox. */
public enum FileType {
    /** A regular file ({@code FILE_TYPE_FILE}). */
    FILE,
    /** A directory ({@code FILE_TYPE_DIRECTORY}). */
    DIRECTORY,
    /**
     * Anything else envd reports as {@code FILE_TYPE_UNSPECIFIED}, such as a socket or a device. {@link Filesystem#list}
     * drops these entries, like the SDK; {@link Filesystem#getInfo} returns them.
     */
    OTHER
}
