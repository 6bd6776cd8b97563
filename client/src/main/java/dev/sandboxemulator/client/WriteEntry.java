package dev.sandboxemulator.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file for {@link Filesystem#write(java.util.List)}: where to write it and what. Instances are immutable: the
 * content is copied in and out.
 *
 * @param path the destination path; relative paths resolve against the user's home directory
 * @param data the content
 */
public record WriteEntry(String path, byte[] data) {
    /** Checks the arguments and copies {@code data}. */
    public WriteEntry {
        Objects.requireNonNull(path, "path == null");
        data = Objects.requireNonNull(data, "data == null").clone();
    }

    /** Returns an entry with {@code text} encoded as UTF-8. */
    public static WriteEntry of(String path, String text) {
        return new WriteEntry(path, Objects.requireNonNull(text, "text == null").getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a copy of the content. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Returns the content without copying it; only for this package. */
    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WriteEntry
                && ((WriteEntry) other).path.equals(path)
                && Arrays.equals(((WriteEntry) other).data, data);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "WriteEntry{path=" + path + ", " + data.length + " bytes}";
    }
}
