package dev.sandboxemulator.emulator.spi;

import java.util.List;
import java.util.Optional;

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

    /** Writes a file, creating missing parent directories, replacing any existing file. */
    FileEntry write(String path, byte[] content);

    /** Makes a directory and its missing parents; false if it already existed. */
    boolean makeDirectories(String path);

    /** The entries below a directory, down to {@code depth} levels (1 = direct children). */
    List<FileEntry> list(String path, int depth);

    /** Moves a file or directory, creating the destination's missing parents. */
    FileEntry move(String source, String destination);

    /** Removes a file or a directory with everything below it; false if nothing was there. */
    boolean remove(String path);

    /** Bytes held by all files. */
    long totalBytes();
}
