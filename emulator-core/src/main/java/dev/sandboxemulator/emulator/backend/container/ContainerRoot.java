package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.FileSystemException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running container's filesystem as the host sees it: {@code /proc/<pid>/root} of its PID 1.
 *
 * <p>That view is the container's own mount namespace, so it works whatever the storage driver,
 * and inotify on it sees what the sandbox's processes do. The kernel would resolve an absolute
 * symlink found below it against the <em>host's</em> root, so paths are resolved here, one
 * element at a time, with every link followed inside the container.
 */
final class ContainerRoot {
    private static final int MAX_LINKS = 40;

    private final Path root;
    private final int hostPid;
    private final String startTime;
    private volatile Users users;

    /** The view through {@code hostPid}, which must be the container's PID 1 as the host numbers it. */
    ContainerRoot(int hostPid) {
        this.hostPid = hostPid;
        this.root = Path.of("/proc", Integer.toString(hostPid), "root");
        this.startTime = HostProcess.startTime(hostPid).orElseThrow(() ->
                new IllegalStateException("process " + hostPid + " is not running"));
    }

    int hostPid() {
        return hostPid;
    }

    /**
     * The container's root, as a host path. Checked on every use: were the container's PID 1 gone
     * and its number reused, this path would lead into another process's (perhaps the host's) files.
     */
    Path root() {
        if (!isAlive()) {
            throw new ContainerGoneException("the sandbox's container is not running (its PID 1, host pid " + hostPid + ", has ended)");
        }
        return root;
    }

    /** The container's root without the liveness check, for a caller that just made it ({@link #isAlive()}). */
    Path uncheckedRoot() {
        return root;
    }

    /** Whether the container's PID 1 (the very process this view was made for) still runs. */
    boolean isAlive() {
        return HostProcess.startTime(hostPid).map(startTime::equals).orElse(false);
    }

    /** The container behind a view has stopped. */
    static final class ContainerGoneException extends BackendException {
        private static final long serialVersionUID = 1L;

        ContainerGoneException(String message) {
            super(message);
        }
    }

    /**
     * The host path of {@code path}, with every symlink on the way (and at the end, when
     * {@code followLast}) resolved inside the container. Missing elements are kept as they are,
     * so the result may not exist.
     */
    Path resolve(String path, boolean followLast) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new FileSystemException(FileSystemException.Reason.INVALID_PATH, path, "path must be absolute: '" + path + "'");
        }
        Deque<String> pending = new ArrayDeque<>(elements(path));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String element = pending.pollFirst();
            if (element.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(element);
            if (pending.isEmpty() && !followLast) {
                break;
            }
            Path host = hostPath(resolved);
            if (!Files.isSymbolicLink(host)) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileSystemException(FileSystemException.Reason.INVALID_PATH, path, "too many levels of symbolic links: '" + path + "'");
            }
            String target;
            try {
                target = Files.readSymbolicLink(host).toString();
            } catch (IOException e) {
                continue;
            }
            resolved.remove(resolved.size() - 1);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetElements = elements(target);
            for (int i = targetElements.size() - 1; i >= 0; i--) {
                pending.addFirst(targetElements.get(i));
            }
        }
        root(); // once, before the path is handed out: reading links through a reused pid changes nothing
        return hostPath(resolved);
    }

    /** The container path of a host path below this root. */
    String containerPath(Path host) {
        Path relative = root.relativize(host);
        String text = relative.toString();
        return text.isEmpty() ? "/" : "/" + text;
    }

    private Path hostPath(List<String> elements) {
        if (elements.isEmpty()) {
            // The container's "/" itself: /proc/PID/root is a (magic) symlink, and lstat of it would
            // describe the link; "." below it is the directory.
            return root.resolve(".");
        }
        Path path = root;
        for (String element : elements) {
            path = path.resolve(element);
        }
        return path;
    }

    private static List<String> elements(String path) {
        List<String> elements = new ArrayList<>();
        for (String element : path.split("/")) {
            if (!element.isEmpty() && !element.equals(".")) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The container's users and groups, read from its own /etc/passwd and /etc/group. */
    Users users() {
        Users current = users;
        long stamp = Users.stamp(root);
        if (current == null || current.stamp != stamp) {
            current = Users.read(root, stamp);
            users = current;
        }
        return current;
    }

    /** Names and ids from the container's account files. */
    static final class Users {
        final long stamp;
        private final Map<Integer, String> userNames;
        private final Map<Integer, String> groupNames;
        private final Map<String, int[]> ids;

        private Users(long stamp, Map<Integer, String> userNames, Map<Integer, String> groupNames, Map<String, int[]> ids) {
            this.stamp = stamp;
            this.userNames = userNames;
            this.groupNames = groupNames;
            this.ids = ids;
        }

        static long stamp(Path root) {
            try {
                return Files.getLastModifiedTime(root.resolve("etc/passwd")).toMillis() * 31
                        + Files.getLastModifiedTime(root.resolve("etc/group")).toMillis();
            } catch (IOException e) {
                return -1;
            }
        }

        static Users read(Path root, long stamp) {
            Map<Integer, String> userNames = new HashMap<>();
            Map<String, int[]> ids = new HashMap<>();
            for (String[] fields : records(root.resolve("etc/passwd"))) {
                if (fields.length >= 4) {
                    try {
                        int uid = Integer.parseInt(fields[2]);
                        int gid = Integer.parseInt(fields[3]);
                        userNames.putIfAbsent(uid, fields[0]);
                        ids.putIfAbsent(fields[0], new int[] {uid, gid});
                    } catch (NumberFormatException ignored) {
                        // a malformed line: skip it, as libc does
                    }
                }
            }
            Map<Integer, String> groupNames = new HashMap<>();
            for (String[] fields : records(root.resolve("etc/group"))) {
                if (fields.length >= 3) {
                    try {
                        groupNames.putIfAbsent(Integer.parseInt(fields[2]), fields[0]);
                    } catch (NumberFormatException ignored) {
                        // as above
                    }
                }
            }
            return new Users(stamp, userNames, groupNames, ids);
        }

        private static List<String[]> records(Path file) {
            List<String[]> records = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        records.add(line.split(":", -1));
                    }
                }
            } catch (NoSuchFileException e) {
                return records;
            } catch (IOException e) {
                return records;
            }
            return records;
        }

        String userName(int uid) {
            return userNames.getOrDefault(uid, Integer.toString(uid));
        }

        String groupName(int gid) {
            return groupNames.getOrDefault(gid, Integer.toString(gid));
        }

        /** {uid, gid} of a user name. */
        Optional<int[]> ids(String user) {
            if (user.equals("root")) {
                return Optional.of(ids.getOrDefault("root", new int[] {0, 0}));
            }
            return Optional.ofNullable(ids.get(user));
        }
    }
}
