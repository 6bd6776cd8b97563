package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.OutputChunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Follows the output and exit files of every running process of the backend, one thread for all,
 * and turns them into {@link OutputChunk}s and exits.
 *
 * <p>The supervisor writes each process's stdout and stderr to files in the container (a commit
 * then carries the output so far into a clone). Polling them every few milliseconds costs two
 * {@code fstat}s per process; it needs nothing in the image (no inotify tool) and works the same
 * before and after a restore.
 */
final class OutputPump implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OutputPump.class.getName());
    private static final long INTERVAL_NANOS = 5_000_000;
    private static final int MAX_CHUNK = 64 * 1024;

    /** The file the supervisor writes a process's exit code to, after the last of its output. */
    static final String EXIT_FILE = "exit";

    private final Set<Followed> followed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    OutputPump() {
        thread = new Thread(this::run, "sandbox-emulator-container-output");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Follows {@code process} from the first byte of its output; {@code root} gives the running
     * container's view, or null while the sandbox is stopped (paused), when nothing is read.
     */
    void follow(ContainerProcess process, Supplier<ContainerRoot> root) {
        followed.add(new Followed(process, root));
    }

    /** Stops following every process of one sandbox (it is being killed). */
    void forget(ContainerProcess process) {
        followed.removeIf(f -> f.process == process);
    }

    private void run() {
        while (!closed) {
            // Several processes share one container: ask /proc whether it still runs once per round.
            Map<ContainerRoot, Boolean> alive = new HashMap<>();
            for (Followed f : followed) {
                try {
                    if (f.poll(alive)) {
                        followed.remove(f);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "reading the output of " + f.process, e);
                    f.closeChannels();
                }
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        followed.forEach(Followed::closeChannels);
        followed.clear();
    }

    /** One process being followed. */
    private static final class Followed {
        final ContainerProcess process;
        final Supplier<ContainerRoot> root;
        final Stream stdout = new Stream("out", OutputChunk.Stream.STDOUT);
        final Stream stderr = new Stream("err", OutputChunk.Stream.STDERR);
        ContainerRoot openedIn;

        Followed(ContainerProcess process, Supplier<ContainerRoot> root) {
            this.process = process;
            this.root = root;
        }

        /** Reads what is new; true once the process has ended and all its output is delivered. */
        boolean poll(Map<ContainerRoot, Boolean> alive) {
            ContainerRoot current = root.get();
            if (current == null || !alive.computeIfAbsent(current, ContainerRoot::isAlive)) {
                closeChannels();
                return false;
            }
            if (current != openedIn) {
                closeChannels();
                openedIn = current;
            }
            Path directory = Supervisor.processDirectory(current.uncheckedRoot(), process.processId());
            Path exitFile = directory.resolve(EXIT_FILE);
            boolean ended = Files.exists(exitFile);
            // Read after seeing the exit file: everything the process wrote is in the files by then.
            stdout.drain(directory, process);
            stderr.drain(directory, process);
            if (!ended) {
                return false;
            }
            int code;
            try {
                code = Integer.parseInt(Files.readString(exitFile, StandardCharsets.US_ASCII).strip());
            } catch (IOException | NumberFormatException e) {
                return false; // being written: the next round reads it
            }
            closeChannels();
            process.exited(code);
            return true;
        }

        void closeChannels() {
            stdout.close();
            stderr.close();
            openedIn = null;
        }
    }

    /** One output file, read from where the last read stopped. */
    private static final class Stream {
        final String file;
        final OutputChunk.Stream kind;
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_CHUNK);
        FileChannel channel;
        long offset;

        Stream(String file, OutputChunk.Stream kind) {
            this.file = file;
            this.kind = kind;
        }

        void drain(Path directory, ContainerProcess process) {
            try {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(directory.resolve(file), StandardOpenOption.READ);
                    } catch (NoSuchFileException e) {
                        return; // not created yet
                    }
                }
                while (channel.size() > offset) {
                    buffer.clear();
                    int read = channel.read(buffer, offset);
                    if (read <= 0) {
                        return;
                    }
                    offset += read;
                    process.append(new OutputChunk(kind, Arrays.copyOf(buffer.array(), read)));
                }
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
                channel = null;
            }
        }
    }
}
