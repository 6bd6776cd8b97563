package dev.sandboxemulator.emulator.spi;

import java.time.Instant;

/**
 * What a filesystem says about one entry.
 *
 * @param path absolute path
 * @param name last path element
 * @param type file or directory
 * @param size bytes (0 for directories)
 * @param mode the Unix permission bits, such as {@code 0644}
 * @param owner owning user name
 * @param group owning group name
 * @param modifiedTime last modification
 */
public record FileEntry(String path, String name, Type type, long size, int mode, String owner, String group,
                        Instant modifiedTime) {

    /** The kinds of entry the emulator models. */
    public enum Type { FILE, DIRECTORY }
}
