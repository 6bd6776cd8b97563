package dev.sandboxemulator.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A file written by {@link Filesystem#write}, as {@code POST /files} reports it. envd reports only these three members;
 * call {@link Filesystem#getInfo} for size, mode and owner. Instances are immutable.
 *
 * @param name the last path element
 * @param type what kind of entry it is, when envd said
 * @param path the absolute path
 */
public record WriteInfo(String name, Optional<FileType> type, String path) {
    /** Checks for nulls. */
    public WriteInfo {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(path, "path == null");
    }
}
