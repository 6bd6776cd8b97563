package dev.sandboxemulator.emulator.backend.simulated.fs;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxUsers;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An in-memory filesystem built from immutable nodes, so that a copy costs one pointer.
 *
 * <p>Every node is immutable; a write replaces the nodes on the path from the root to the changed
 * entry and shares everything else. {@link #fork()} therefore copies nothing: parent and fork
 * share all nodes, file contents included, until one of them writes, and a write in one is never
 * seen by the other. Operations on one instance are serialized by its monitor.
 */
public final class CowFileSystem implements SandboxFileSystem {

    static final String DEFAULT_USER = SandboxUsers.DEFAULT;

    /** What stamps file times: the sandbox's {@link dev.sandboxemulator.emulator.spi.VirtualTime}, or the backend's clock. */
    private final InstantSource clock;
    private final Watchers watchers = new Watchers();
    private Dir root;

    private CowFileSystem(Dir root, InstantSource clock) {
        this.root = root;
        this.clock = clock;
    }

    /** A fresh filesystem with the layout a sandbox starts with: {@code /home/user} and {@code /tmp}. */
    public static CowFileSystem withDefaultLayout(InstantSource clock) {
        Instant now = clock.instant();
        CowFileSystem fs = new CowFileSystem(new Dir(Map.of(), 0755, "root", "root", now), clock);
        fs.makeDirectories(SandboxUsers.homeOf(DEFAULT_USER), 0755, DEFAULT_USER);
        fs.makeDirectories("/root", 0700, "root");
        fs.makeDirectories("/tmp", 01777, "root");
        return fs;
    }

    /** A copy that shares every node with this one; later writes to either stay private. Watches are not copied. */
    public synchronized CowFileSystem fork() {
        return new CowFileSystem(root, clock);
    }

    /** A fork whose later changes are stamped by {@code forkClock}. */
    public synchronized CowFileSystem fork(InstantSource forkClock) {
        return new CowFileSystem(root, forkClock);
    }

    /** True when both hold the very same content object for {@code path}: proof that nothing was copied. */
    synchronized boolean sharesContentWith(CowFileSystem other, String path) {
        Node mine = find(SandboxPaths.split(path));
        Node theirs = other.findSynchronized(path);
        return mine instanceof File && theirs instanceof File && ((File) mine).content == ((File) theirs).content;
    }

    private synchronized Node findSynchronized(String path) {
        return find(SandboxPaths.split(path));
    }

    @Override
    public synchronized Optional<FileEntry> stat(String path) {
        List<String> parts = SandboxPaths.split(path);
        Node node = find(parts);
        return node == null ? Optional.empty() : Optional.of(entry(SandboxPaths.join(parts), node));
    }

    @Override
    public synchronized byte[] read(String path) {
        List<String> parts = SandboxPaths.split(path);
        Node node = find(parts);
        if (node == null) {
            throw new FileSystemException(Reason.NOT_FOUND, path, "file not found: " + path);
        }
        if (node instanceof Dir) {
            throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
        }
        return ((File) node).content.clone();
    }

    @Override
    public FileEntry write(String path, byte[] content) {
        return write(path, content, DEFAULT_USER);
    }

    @Override
    public FileEntry write(String path, byte[] content, String owner) {
        FileEntry entry;
        boolean created;
        synchronized (this) {
            created = find(SandboxPaths.split(path)) == null;
            entry = writeLocked(path, content, owner);
        }
        watchers.fire(entry.path(), created ? FileSystemEvent.Type.CREATE : FileSystemEvent.Type.WRITE);
        return entry;
    }

    private FileEntry writeLocked(String path, byte[] content, String owner) {
        byte[] copy = content.clone();
        return replaceContent(path, SandboxPaths.split(path), true, owner, old -> copy);
    }

    /**
     * open(2) of a file for writing, as a shell redirection does it, in one step under the lock so
     * that two racing opens cannot undo each other's writes: creates an empty file when none is
     * there (the parent must exist), truncates an existing one when {@code truncate} (O_TRUNC),
     * and otherwise leaves it alone (O_APPEND opens).
     */
    public FileEntry open(String path, boolean truncate, String owner) {
        FileEntry entry;
        FileSystemEvent.Type event;
        synchronized (this) {
            List<String> parts = SandboxPaths.split(path);
            Node existing = find(parts);
            if (existing instanceof Dir) { // the root included
                throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
            }
            if (existing != null && !truncate) {
                return entry(SandboxPaths.join(parts), existing);
            }
            event = existing == null ? FileSystemEvent.Type.CREATE : FileSystemEvent.Type.WRITE;
            entry = replaceContent(path, parts, false, owner, old -> new byte[0]);
        }
        watchers.fire(entry.path(), event);
        return entry;
    }

    /**
     * A write to a file opened with O_APPEND: {@code data} goes at the end as the file is now, in
     * one operation, so concurrent appenders never lose or tear each other's writes.
     *
     * @throws FileSystemException with {@code NOT_FOUND} when the file is gone (its bytes would
     *     go to an unlinked inode on Linux, so nobody would ever see them)
     */
    FileEntry append(String path, byte[] data) {
        return writeExisting(path, old -> {
            byte[] joined = Arrays.copyOf(old, old.length + data.length);
            System.arraycopy(data, 0, joined, old.length, data.length);
            return joined;
        });
    }

    /**
     * pwrite(2): {@code data} overwrites the file from {@code offset}, growing it as needed; a gap
     * past the current end reads as zero bytes, as a file hole does.
     *
     * @throws FileSystemException with {@code NOT_FOUND} when the file is gone
     */
    FileEntry writeAt(String path, long offset, byte[] data) {
        return writeExisting(path, old -> {
            long end = offset + data.length;
            if (end > Integer.MAX_VALUE - 8) {
                // EFBIG has no reason of its own: a file here is one Java array, and it cannot grow further.
                throw new FileSystemException(Reason.INVALID_PATH, path, "File too large (EFBIG): " + path);
            }
            byte[] joined = Arrays.copyOf(old, (int) Math.max(old.length, end));
            System.arraycopy(data, 0, joined, (int) offset, data.length);
            return joined;
        });
    }

    /** touch(1) in one step: an empty file when none is there, else the same content with a new time. */
    public FileEntry touch(String path, String owner) {
        FileEntry entry;
        FileSystemEvent.Type event;
        synchronized (this) {
            List<String> parts = SandboxPaths.split(path);
            Node existing = find(parts);
            if (existing instanceof Dir) { // the root included
                return entry(SandboxPaths.join(parts), existing);
            }
            event = existing == null ? FileSystemEvent.Type.CREATE : FileSystemEvent.Type.WRITE;
            entry = replaceContent(path, parts, false, owner, old -> old);
        }
        watchers.fire(entry.path(), event);
        return entry;
    }

    private FileEntry writeExisting(String path, UnaryOperator<byte[]> change) {
        FileEntry entry;
        synchronized (this) {
            List<String> parts = SandboxPaths.split(path);
            Node existing = find(parts);
            if (existing == null) {
                throw new FileSystemException(Reason.NOT_FOUND, path, "file not found: " + path);
            }
            entry = replaceContent(path, parts, false, DEFAULT_USER, change);
        }
        watchers.fire(entry.path(), FileSystemEvent.Type.WRITE);
        return entry;
    }

    /**
     * Replaces the file at {@code parts} by one whose content is {@code change(old content)} (the
     * empty array for a new file), keeping an existing file's mode and owner. The caller holds the lock.
     */
    private FileEntry replaceContent(String path, List<String> parts, boolean createParents, String owner,
                                     UnaryOperator<byte[]> change) {
        if (parts.isEmpty()) {
            throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: /");
        }
        Instant now = clock.instant();
        root = modify(root, parts, 0, createParents, owner, existing -> {
            if (existing instanceof Dir) {
                throw new FileSystemException(Reason.IS_A_DIRECTORY, path, "path is a directory: " + path);
            }
            byte[] old = existing == null ? new byte[0] : ((File) existing).content;
            int mode = existing == null ? 0644 : existing.mode();
            String fileOwner = existing == null ? owner : existing.owner();
            String group = existing == null ? owner : existing.group();
            return new File(change.apply(old), mode, fileOwner, group, now);
        });
        return entry(SandboxPaths.join(parts), find(parts));
    }

    @Override
    public boolean makeDirectories(String path) {
        return makeDirectories(path, DEFAULT_USER);
    }

    @Override
    public boolean makeDirectories(String path, String owner) {
        List<String> parts = SandboxPaths.split(path);
        int firstMissing;
        boolean made;
        synchronized (this) {
            firstMissing = existingDepth(parts);
            made = makeDirectories(path, 0755, owner);
        }
        // One event per directory made, each path built only when it is fired: holding every
        // prefix of a deep path at once would cost the square of its length.
        String full = SandboxPaths.join(parts);
        int end = 0;
        for (int i = 0; i < parts.size(); i++) {
            end += 1 + parts.get(i).length();
            if (i >= firstMissing && made) {
                watchers.fire(full.substring(0, end), FileSystemEvent.Type.CREATE);
            }
        }
        return made;
    }

    synchronized boolean makeDirectories(String path, int mode, String owner) {
        List<String> parts = SandboxPaths.split(path);
        Node existing = find(parts);
        if (existing instanceof Dir) {
            return false;
        }
        if (existing != null) {
            throw new FileSystemException(Reason.ALREADY_EXISTS, path, "a file already exists at " + path);
        }
        Instant now = clock.instant();
        root = modify(root, parts, 0, true, owner, old -> new Dir(Map.of(), mode, owner, owner, now));
        return true;
    }

    @Override
    public synchronized List<FileEntry> list(String path, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, was " + depth);
        }
        List<String> parts = SandboxPaths.split(path);
        Node node = find(parts);
        if (node == null) {
            throw new FileSystemException(Reason.NOT_FOUND, path, "directory not found: " + path);
        }
        if (!(node instanceof Dir)) {
            throw new FileSystemException(Reason.NOT_A_DIRECTORY, path, "path is not a directory: " + path);
        }
        List<FileEntry> out = new ArrayList<>();
        collect(SandboxPaths.join(parts), (Dir) node, depth, out);
        return out;
    }

    /**
     * Appends the entries below {@code dir} in depth-first order, each directory's children by
     * name, each directory followed by what is below it. An explicit stack: the depth is the client's.
     */
    private void collect(String dirPath, Dir dir, int depth, List<FileEntry> out) {
        record Pending(String path, Dir dir, int depth, Iterator<Map.Entry<String, Node>> children) {
        }
        ArrayDeque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(dirPath, dir, depth, dir.children.entrySet().iterator()));
        while (!stack.isEmpty()) {
            Pending top = stack.peek();
            if (!top.children().hasNext()) {
                stack.pop();
                continue;
            }
            Map.Entry<String, Node> child = top.children().next();
            String childPath = top.path().equals("/") ? "/" + child.getKey() : top.path() + "/" + child.getKey();
            out.add(entry(childPath, child.getValue()));
            if (top.depth() > 1 && child.getValue() instanceof Dir) {
                Dir childDir = (Dir) child.getValue();
                stack.push(new Pending(childPath, childDir, top.depth() - 1, childDir.children.entrySet().iterator()));
            }
        }
    }

    @Override
    public FileEntry move(String source, String destination) {
        FileEntry moved;
        synchronized (this) {
            moved = moveLocked(source, destination);
        }
        watchers.fire(SandboxPaths.join(SandboxPaths.split(source)), FileSystemEvent.Type.RENAME);
        watchers.fire(moved.path(), FileSystemEvent.Type.CREATE);
        return moved;
    }

    private FileEntry moveLocked(String source, String destination) {
        List<String> from = SandboxPaths.split(source);
        List<String> to = SandboxPaths.split(destination);
        Node node = find(from);
        if (node == null) {
            throw new FileSystemException(Reason.NOT_FOUND, source, "path not found: " + source);
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw new FileSystemException(Reason.INVALID_PATH, source, "cannot move the root directory");
        }
        if (to.size() > from.size() && to.subList(0, from.size()).equals(from)) {
            throw new FileSystemException(Reason.INVALID_PATH, destination,
                    "cannot move " + source + " into itself (" + destination + ")");
        }
        if (from.equals(to)) {
            return entry(SandboxPaths.join(to), node);
        }
        Dir withoutSource = modify(root, from, 0, false, DEFAULT_USER, old -> null);
        root = modify(withoutSource, to, 0, true, node.owner(), old -> node);
        return entry(SandboxPaths.join(to), node);
    }

    @Override
    public boolean remove(String path) {
        List<String> parts = SandboxPaths.split(path);
        synchronized (this) {
            if (find(parts) == null) {
                return false;
            }
            if (parts.isEmpty()) {
                throw new FileSystemException(Reason.INVALID_PATH, path, "cannot remove the root directory");
            }
            root = modify(root, parts, 0, false, DEFAULT_USER, old -> null);
        }
        watchers.fire(SandboxPaths.join(parts), FileSystemEvent.Type.REMOVE);
        return true;
    }

    @Override
    public Watch watch(String path, boolean recursive, Consumer<FileSystemEvent> listener) {
        List<String> parts = SandboxPaths.split(path);
        synchronized (this) {
            Node node = find(parts);
            if (node == null) {
                throw new FileSystemException(Reason.NOT_FOUND, path, "directory not found: " + path);
            }
            if (!(node instanceof Dir)) {
                throw new FileSystemException(Reason.NOT_A_DIRECTORY, path, "path is not a directory: " + path);
            }
        }
        return watchers.add(SandboxPaths.join(parts), recursive, listener);
    }

    @Override
    public synchronized long totalBytes() {
        return bytesBelow(root);
    }

    /** A work list instead of recursion, like every walk here: the depth of the tree is the client's. */
    private static long bytesBelow(Node node) {
        long sum = 0;
        ArrayDeque<Node> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            Node next = pending.pop();
            if (next instanceof File) {
                sum += ((File) next).content.length;
            } else {
                ((Dir) next).children.values().forEach(pending::push);
            }
        }
        return sum;
    }

    /** How many leading elements of {@code parts} name existing nodes. */
    private int existingDepth(List<String> parts) {
        Node node = root;
        for (int i = 0; i < parts.size(); i++) {
            if (!(node instanceof Dir) || (node = ((Dir) node).children.get(parts.get(i))) == null) {
                return i;
            }
        }
        return parts.size();
    }

    private Node find(List<String> parts) {
        Node node = root;
        for (String part : parts) {
            if (!(node instanceof Dir)) {
                return null;
            }
            node = ((Dir) node).children.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * Returns a copy of {@code dir} in which the node at {@code parts[index..]} is replaced by
     * {@code change(old)} (removed when it returns null). Only the directories on the path are
     * copied; every other node is shared.
     *
     * <p>A loop, not recursion: a client chooses how deep a path goes, so the walk must not use
     * the thread's stack for it.
     */
    private Dir modify(Dir dir, List<String> parts, int index, boolean createParents, String owner,
                       UnaryOperator<Node> change) {
        Instant now = clock.instant();
        // Down: the directories on the path, existing or made for the missing parents.
        Dir[] onPath = new Dir[parts.size() - index];
        onPath[0] = dir;
        for (int i = index; i < parts.size() - 1; i++) {
            Node child = onPath[i - index].children.get(parts.get(i));
            if (child == null) {
                if (!createParents) {
                    throw new FileSystemException(Reason.NOT_FOUND, SandboxPaths.join(parts), "path not found: " + SandboxPaths.join(parts));
                }
                child = new Dir(Map.of(), 0755, owner, owner, now);
            } else if (!(child instanceof Dir)) {
                String at = SandboxPaths.join(parts.subList(0, i + 1));
                throw new FileSystemException(Reason.NOT_A_DIRECTORY, at, "not a directory: " + at);
            }
            onPath[i - index + 1] = (Dir) child;
        }
        // Up: each directory copied with its changed child.
        Dir last = onPath[onPath.length - 1];
        Node replacement = change.apply(last.children.get(parts.get(parts.size() - 1)));
        for (int level = onPath.length - 1; level >= 0; level--) {
            Dir parent = onPath[level];
            TreeMap<String, Node> children = new TreeMap<>(parent.children);
            String name = parts.get(index + level);
            if (replacement == null) {
                children.remove(name);
            } else {
                children.put(name, replacement);
            }
            replacement = new Dir(Collections.unmodifiableMap(children), parent.mode, parent.owner, parent.group, now);
        }
        return (Dir) replacement;
    }

    private static FileEntry entry(String path, Node node) {
        String name = path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
        if (node instanceof File) {
            File file = (File) node;
            return new FileEntry(path, name, FileEntry.Type.FILE, file.content.length, file.mode, file.owner, file.group,
                    file.modified);
        }
        Dir dir = (Dir) node;
        return new FileEntry(path, name, FileEntry.Type.DIRECTORY, 0, dir.mode, dir.owner, dir.group, dir.modified);
    }

    private abstract static class Node {
        final int mode;
        final String owner;
        final String group;
        final Instant modified;

        Node(int mode, String owner, String group, Instant modified) {
            this.mode = mode;
            this.owner = owner;
            this.group = group;
            this.modified = modified;
        }

        int mode() {
            return mode;
        }

        String owner() {
            return owner;
        }

        String group() {
            return group;
        }
    }

    private static final class File extends Node {
        /** Never mutated after construction, which is what makes sharing it between forks safe. */
        final byte[] content;

        File(byte[] content, int mode, String owner, String group, Instant modified) {
            super(mode, owner, group, modified);
            this.content = content;
        }
    }

    private static final class Dir extends Node {
        final Map<String, Node> children;

        Dir(Map<String, Node> children, int mode, String owner, String group, Instant modified) {
            super(mode, owner, group, modified);
            this.children = children;
        }
    }
}
