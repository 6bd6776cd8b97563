package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxUsers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A container sandbox's real filesystem, reached from the host through its container's root
 * ({@link ContainerRoot}): what the sandbox's processes see is what this reads and writes, with
 * the owners, modes and times the kernel keeps.
 */
final class ContainerFileSystem implements SandboxFileSystem {
    private static final String DEFAULT_USER = SandboxUsers.DEFAULT;
    /** Kernel filesystems that are not the sandbox's files. */
    private static final List<String> NOT_COUNTED = List.of("proc", "sys", "dev");

    private final Supplier<ContainerRoot> root;
    private final DirectoryWatcher watcher;
    private final List<ContainerWatch> watches = new CopyOnWriteArrayList<>();

    /** {@code root} gives the running container's view, or throws when the sandbox is not running. */
    ContainerFileSystem(Supplier<ContainerRoot> root, DirectoryWatcher watcher) {
        this.root = root;
        this.watcher = watcher;
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        ContainerRoot view = root.get();
        Path host = view.resolve(path, true);
        if (!Files.exists(host)) {
            return Optional.empty();
        }
        return Optional.of(entry(view, normalized(path), host));
    }

    @Override
    public byte[] read(String path) {
        ContainerRoot view = root.get();
        Path host = view.resolve(path, true);
        if (Files.isDirectory(host)) {
            throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
        }
        try {
            return Files.readAllBytes(host);
        } catch (IOException e) {
            throw translate(e, path);
        }
    }

    @Override
    public FileEntry write(String path, byte[] content) {
        return write(path, content, DEFAULT_USER);
    }

    @Override
    public FileEntry write(String path, byte[] content, String owner) {
        ContainerRoot view = root.get();
        Path host = view.resolve(path, true);
        if (Files.isDirectory(host)) {
            throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
        }
        String parent = parentOf(normalized(path));
        makeDirectories(view, parent, owner);
        boolean created = !Files.exists(host);
        try {
            // In place, as envd does: an existing file keeps its inode, owner and mode.
            Files.write(host, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (created) {
                chown(view, host, owner);
            }
        } catch (IOException e) {
            throw translate(e, path);
        }
        return entry(view, normalized(path), host);
    }

    @Override
    public boolean makeDirectories(String path) {
        return makeDirectories(path, DEFAULT_USER);
    }

    @Override
    public boolean makeDirectories(String path, String owner) {
        return makeDirectories(root.get(), normalized(path), owner);
    }

    private boolean makeDirectories(ContainerRoot view, String path, String owner) {
        Path host = view.resolve(path, true);
        if (Files.isDirectory(host)) {
            return false;
        }
        if (Files.exists(host)) {
            throw new FileSystemException(Reason.ALREADY_EXISTS, path, "a file is in the way: " + path);
        }
        if (!path.equals("/")) {
            makeDirectories(view, parentOf(path), owner);
        }
        try {
            Files.createDirectory(view.resolve(path, true));
            chown(view, view.resolve(path, true), owner);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(view.resolve(path, true))) {
                throw new FileSystemException(Reason.ALREADY_EXISTS, path, "a file is in the way: " + path);
            }
            return false;
        } catch (IOException e) {
            throw translate(e, path);
        }
        return true;
    }

    @Override
    public List<FileEntry> list(String path, int depth) {
        ContainerRoot view = root.get();
        String directory = normalized(path);
        Path host = view.resolve(directory, true);
        requireDirectory(host, path);
        List<FileEntry> entries = new ArrayList<>();
        listInto(view, directory, host, Math.max(1, depth), entries);
        return entries;
    }

    private void listInto(ContainerRoot view, String directory, Path host, int depth, List<FileEntry> entries) {
        List<Path> children;
        try (Stream<Path> stream = Files.list(host)) {
            children = stream.sorted().toList();
        } catch (IOException e) {
            throw translate(e, directory);
        }
        for (Path child : children) {
            String childPath = join(directory, child.getFileName().toString());
            Optional<FileEntry> entry = entryIfPresent(view, childPath, child);
            if (entry.isEmpty()) {
                continue; // removed while listing, or a dangling link
            }
            entries.add(entry.get());
            if (depth > 1 && entry.get().type() == FileEntry.Type.DIRECTORY && !Files.isSymbolicLink(child)) {
                listInto(view, childPath, child, depth - 1, entries);
            }
        }
    }

    @Override
    public FileEntry move(String source, String destination) {
        ContainerRoot view = root.get();
        String from = normalized(source);
        String to = normalized(destination);
        if (from.equals("/") || to.equals("/")) {
            throw new FileSystemException(Reason.INVALID_PATH, source, "cannot move the root directory");
        }
        if (to.startsWith(from + "/")) {
            throw new FileSystemException(Reason.INVALID_PATH, destination, "cannot move " + source + " into itself (" + destination + ")");
        }
        Path hostSource = view.resolve(from, false);
        if (!Files.exists(hostSource, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(Reason.NOT_FOUND, source, "path not found: " + source);
        }
        makeDirectories(view, parentOf(to), DEFAULT_USER);
        Path hostTarget = view.resolve(to, false);
        try {
            if (!from.equals(to)) {
                Files.move(hostSource, hostTarget, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw translate(e, destination);
        }
        return entry(view, to, view.resolve(to, true));
    }

    @Override
    public boolean remove(String path) {
        ContainerRoot view = root.get();
        String target = normalized(path);
        if (target.equals("/")) {
            throw new FileSystemException(Reason.INVALID_PATH, path, "cannot remove the root directory");
        }
        Path host = view.resolve(target, false);
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            HostFolders.delete(host);
        } catch (IOException e) {
            throw translate(e, path);
        }
        return true;
    }

    @Override
    public long totalBytes() {
        Path top = root.get().resolve("/", true);
        long[] total = {0};
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return NOT_COUNTED.contains(top.relativize(directory).toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException error) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    @Override
    public Watch watch(String path, boolean recursive, Consumer<FileSystemEvent> listener) {
        ContainerRoot view = root.get();
        String directory = normalized(path);
        Path host = view.resolve(directory, true);
        requireDirectory(host, path);
        ContainerWatch watch = new ContainerWatch(directory, recursive, listener, watcher.watch(host, recursive, listener));
        watches.add(watch);
        return watch;
    }

    /**
     * The container runs again under a new PID 1 (a resume): every open watch, which went through
     * the old one, watches again through the new one.
     */
    void reattach() {
        ContainerRoot view = root.get();
        for (ContainerWatch watch : watches) {
            watch.moveTo(view);
        }
    }

    /** A watch of a container path, which outlives the host path it currently goes through. */
    private final class ContainerWatch implements Watch {
        private final String directory;
        private final boolean recursive;
        private final Consumer<FileSystemEvent> listener;
        private Watch current;

        ContainerWatch(String directory, boolean recursive, Consumer<FileSystemEvent> listener, Watch current) {
            this.directory = directory;
            this.recursive = recursive;
            this.listener = listener;
            this.current = current;
        }

        synchronized void moveTo(ContainerRoot view) {
            current.close();
            Path host = view.resolve(directory, true);
            current = Files.isDirectory(host) ? watcher.watch(host, recursive, listener) : () -> { };
        }

        @Override
        public synchronized void close() {
            watches.remove(this);
            current.close();
        }
    }

    // ---- entries ---------------------------------------------------------------------------

    private static FileEntry entry(ContainerRoot view, String path, Path host) {
        return entryIfPresent(view, path, host).orElseThrow(() ->
                new FileSystemException(Reason.NOT_FOUND, path, "path not found: " + path));
    }

    /** The entry for {@code host}, following a final symlink inside the container; empty if nothing is there. */
    private static Optional<FileEntry> entryIfPresent(ContainerRoot view, String path, Path host) {
        Path target = Files.isSymbolicLink(host) ? view.resolve(path, true) : host;
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(target, "unix:mode,uid,gid,size,lastModifiedTime,isDirectory", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw translate(e, path);
        }
        ContainerRoot.Users users = view.users();
        boolean directory = (Boolean) attributes.get("isDirectory");
        return Optional.of(new FileEntry(path, nameOf(path), directory ? FileEntry.Type.DIRECTORY : FileEntry.Type.FILE,
                directory ? 0 : (Long) attributes.get("size"), (Integer) attributes.get("mode") & 07777,
                users.userName((Integer) attributes.get("uid")), users.groupName((Integer) attributes.get("gid")),
                ((FileTime) attributes.get("lastModifiedTime")).toInstant()));
    }

    private static void chown(ContainerRoot view, Path host, String owner) throws IOException {
        int[] ids = view.users().ids(owner).orElseThrow(() ->
                new FileSystemException(Reason.INVALID_PATH, view.containerPath(host), "user '" + owner + "' does not exist in the sandbox"));
        Files.setAttribute(host, "unix:uid", ids[0], LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(host, "unix:gid", ids[1], LinkOption.NOFOLLOW_LINKS);
    }

    private static void requireDirectory(Path host, String path) {
        if (!Files.exists(host)) {
            throw new FileSystemException(Reason.NOT_FOUND, path, "path not found: " + path);
        }
        if (!Files.isDirectory(host)) {
            throw new FileSystemException(Reason.NOT_A_DIRECTORY, path, "path is not a directory: " + path);
        }
    }

    private static FileSystemException translate(IOException e, String path) {
        if (e instanceof NoSuchFileException) {
            return new FileSystemException(Reason.NOT_FOUND, path, "path not found: " + path);
        }
        if (e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException) {
            return new FileSystemException(Reason.ALREADY_EXISTS, path, "path already exists: " + path);
        }
        if (e instanceof NotDirectoryException) {
            return new FileSystemException(Reason.NOT_A_DIRECTORY, path, "a path element is not a directory: " + path);
        }
        if (e instanceof FileSystemLoopException) {
            return new FileSystemException(Reason.INVALID_PATH, path, "too many levels of symbolic links: " + path);
        }
        if (e instanceof AccessDeniedException) {
            return new FileSystemException(Reason.INVALID_PATH, path, "permission denied: " + path);
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("Not a directory")) {
            return new FileSystemException(Reason.NOT_A_DIRECTORY, path, "a path element is not a directory: " + path);
        }
        if (reason.contains("Is a directory")) {
            return new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
        }
        return new FileSystemException(Reason.INVALID_PATH, path, "cannot access " + path + ": " + reason);
    }

    // ---- paths -----------------------------------------------------------------------------

    /** {@code path} without duplicate or trailing slashes and without {@code .} or {@code ..}. */
    static String normalized(String path) {
        return SandboxPaths.normalize(path);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String nameOf(String path) {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String join(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }
}
