package dev.sandboxemulator.emulator.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One sandbox's filesystem, addressed by absolute paths.
 *
 * <p>Errors are {@link FileSystemException}s whose {@link FileSystemException.Reason} says what
 * went wrong, so the data plane can map them to the envd error codes.
 */
public interface SandboxFileSystem {

    /** The entry at {@code path}, or empty when nothing is there. */
    Optional<FileEntry> stat(String path);

    /** The file's contents. */
    byte[] read(String path);

    /** Writes a file as the default user, creating missing parent directories, replacing any existing file. */
    FileEntry write(String path, byte[] content);

    /** Writes a file; a new file and the parents it needs are owned by {@code owner}. */
    FileEntry write(String path, byte[] content, String owner);

    /** Makes a directory and its missing parents as the default user; false if it already existed. */
    boolean makeDirectories(String path);

    /**
     * Makes a directory and its missing parents, owned by {@code owner}; false if it already existed.
     *
     * @throws FileSystemException with {@code ALREADY_EXISTS} when a file is in the way
     */
    boolean makeDirectories(String path, String owner);

    /** The entries below a directory, down to {@code depth} levels (1 = direct children). */
    List<FileEntry> list(String path, int depth);

    /** Moves a file or directory, creating the destination's missing parents. */
    FileEntry move(String source, String destination);

    /** Removes a file or a directory with everything below it; false if nothing was there. */
    boolean remove(String path);

    /** Bytes held by all files. */
    long totalBytes();

    /**
     * Reports changes below the directory {@code path}: its direct entries, or every entry below
     * it when {@code recursive}. Events name the entry relative to {@code path}.
     *
     * @throws FileSystemException with {@code NOT_FOUND} or {@code NOT_A_DIRECTORY} for a bad path
     */
    Watch watch(String path, boolean recursive, Consumer<FileSystemEvent> listener);

    /** Stops a watch. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
