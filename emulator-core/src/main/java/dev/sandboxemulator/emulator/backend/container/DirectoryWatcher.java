package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches directories of containers through the JDK's {@link WatchService} (inotify on Linux),
 * one thread for the whole backend.
 *
 * <p>inotify through the host's view of a container sees what the container's processes do. The
 * JDK reports creation, modification (attribute changes included) and deletion; a rename arrives
 * as a deletion and a creation (see docs/differences.md).
 */
final class DirectoryWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DirectoryWatcher.class.getName());

    private final WatchService service;
    private final Map<WatchKey, List<Registration>> byKey = new ConcurrentHashMap<>();
    private final Thread thread;

    DirectoryWatcher() {
        try {
            this.service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch files", e);
        }
        this.thread = new Thread(this::dispatch, "sandbox-emulator-container-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reports changes below {@code directory} (a host path) to {@code listener}, named relative to it. */
    SandboxFileSystem.Watch watch(Path directory, boolean recursive, Consumer<FileSystemEvent> listener) {
        Watch watch = new Watch(directory, recursive, listener);
        watch.register(directory);
        return watch;
    }

    private void dispatch() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path directory = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    continue;
                }
                Path changed = directory.resolve((Path) event.context());
                FileSystemEvent.Type type = event.kind() == StandardWatchEventKinds.ENTRY_CREATE ? FileSystemEvent.Type.CREATE
                        : event.kind() == StandardWatchEventKinds.ENTRY_DELETE ? FileSystemEvent.Type.REMOVE
                        : FileSystemEvent.Type.WRITE;
                for (Registration registration : byKey.getOrDefault(key, List.of())) {
                    registration.watch.deliver(changed, type);
                }
            }
            if (!key.reset()) {
                byKey.remove(key);
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the watch service", e);
        }
        thread.interrupt();
    }

    private record Registration(WatchKey key, Watch watch) {
    }

    private final class Watch implements SandboxFileSystem.Watch {
        private final Path top;
        private final boolean recursive;
        private final Consumer<FileSystemEvent> listener;
        private final List<Registration> registrations = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Watch(Path top, boolean recursive, Consumer<FileSystemEvent> listener) {
            this.top = top;
            this.recursive = recursive;
            this.listener = listener;
        }

        void register(Path directory) {
            try {
                WatchKey key = directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                Registration registration = new Registration(key, this);
                registrations.add(registration);
                byKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(registration);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + directory, e);
            }
            if (recursive) {
                try (Stream<Path> children = Files.list(directory)) {
                    children.filter(child -> Files.isDirectory(child) && !Files.isSymbolicLink(child)).forEach(this::register);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "listing " + directory + " to watch it", e);
                }
            }
        }

        void deliver(Path changed, FileSystemEvent.Type type) {
            if (closed) {
                return;
            }
            if (recursive && type == FileSystemEvent.Type.CREATE && Files.isDirectory(changed) && !Files.isSymbolicLink(changed)) {
                register(changed);
            }
            try {
                listener.accept(new FileSystemEvent(top.relativize(changed).toString(), type));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a watch listener failed", e);
            }
        }

        @Override
        public void close() {
            closed = true;
            for (Registration registration : registrations) {
                List<Registration> shared = byKey.get(registration.key());
                if (shared != null) {
                    shared.remove(registration);
                    if (shared.isEmpty()) {
                        byKey.remove(registration.key());
                        registration.key().cancel();
                    }
                }
            }
        }
    }
}
