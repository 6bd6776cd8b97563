package dev.sandboxemulator.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file or directory inside a sandbox, as envd's {@code EntryInfo} describes it. Instances are immutable.
 *
 * @param name the last path element
 * @param type what kind of entry it is
 * @param path the absolute path
 * @param size the size in bytes
 * @param mode the Unix mode bits, such as {@code 0644}, including the type bits envd reports
 * @param permissions the permissions as {@code ls} shows them, such as {@code "-rw-r--r--"}
 * @param owner the owning user's name
 * @param group the owning group's name
 * @param modifiedTime the last modification time; {@link Instant#EPOCH} when envd did not report one
 * @param symlinkTarget the target, when the entry is a symbolic link
 */
public record EntryInfo(
        String name,
        FileType type,
        String path,
        long size,
        int mode,
        String permissions,
        String owner,
        String group,
        Instant modifiedTime,
        Optional<String> symlinkTarget) {

    /** Checks for nulls. */
    public EntryInfo {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(permissions, "permissions == null");
        Objects.requireNonNull(owner, "owner == null");
        Objects.requireNonNull(group, "group == null");
        Objects.requireNonNull(modifiedTime, "modifiedTime == null");
        Objects.requireNonNull(symlinkTarget, "symlinkTarget == null");
    }

    /** Returns true if this entry is a regular file. */
    public boolean isFile() {
        return type == FileType.FILE;
    }

    /** Returns true if this entry is a directory. */
    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }
}
