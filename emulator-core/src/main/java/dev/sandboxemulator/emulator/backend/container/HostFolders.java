package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Whole-folder operations on host paths: removal, and copies made of hard links. */
final class HostFolders {
    private static final System.Logger LOG = System.getLogger(HostFolders.class.getName());

    private HostFolders() {
    }

    /** {@link #delete}, logging (not throwing) what it cannot remove; null is fine. */
    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            delete(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing " + path, e);
        }
    }

    /** Removes {@code path} and everything below it (symlinks themselves, never their targets); nothing there is fine. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The bytes of the files at or below {@code path}; 0 for what cannot be read. */
    static long size(Path path) {
        if (Files.isRegularFile(path)) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return 0;
            }
        }
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * A copy of {@code source} at {@code target} whose files are hard links to the source's (copies
     * where links cannot be made). For checkpoint folders: neither CRIU nor containerd writes to a
     * checkpoint's images, and a clone of a process holding 256 MiB should not write 256 MiB more
     * per copy.
     */
    static void link(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                try {
                    Files.createLink(copy, file);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
