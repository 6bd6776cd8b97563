package dev.sandboxemulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.client.internal.EnvdMapping;
import dev.sandboxemulator.client.internal.ProtoJson;
import dev.sandboxemulator.client.internal.ServerStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running directory watch, returned by {@link Filesystem#watchDir}. A daemon thread reads envd's event stream and
 * calls the event callback for each change as it arrives. Thread-safe. Closing the handle {@linkplain #stop() stops}
 * the watch.
 */
public final class WatchHandle implements AutoCloseable {
    private final ServerStream stream;
    private final Consumer<FilesystemEvent> onEvent;
    private final Consumer<Optional<SandboxException>> onExit;
    private final CompletableFuture<Boolean> started = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean stopped;

    private WatchHandle(ServerStream stream, Consumer<FilesystemEvent> onEvent, WatchOptions options) {
        this.stream = stream;
        this.onEvent = onEvent;
        this.onExit = options.onExit();
        this.reader = new Thread(this::read, "sandbox-watch-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading {@code stream} and waits for its start event.
     *
     * @throws SandboxException if the start event did not arrive within {@code requestTimeout} or the stream failed
     *     before it
     */
    static WatchHandle open(
            ServerStream stream, Consumer<FilesystemEvent> onEvent, WatchOptions options, Duration requestTimeout) {
        WatchHandle handle = new WatchHandle(stream, onEvent, options);
        handle.reader.start();
        StreamStart.await(handle.started, stream, requestTimeout);
        return handle;
    }

    /** Stops the watch. Idempotent; no event callback starts after this returns on the reader thread's next read. */
    public void stop() {
        stopped = true;
        stream.close();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Returns true once the watch has ended, by {@link #stop()}, its timeout, or a failure. */
    public boolean isDone() {
        return finished.isDone();
    }

    private void read() {
        boolean beforeStart = true;
        SandboxException failed = null;
        try {
            JsonNode message;
            while ((message = stream.next()) != null) {
                if (beforeStart) {
                    if (ProtoJson.member(message, "start") == null) {
                        throw new SandboxException("Expected start event");
                    }
                    beforeStart = false;
                    started.complete(true);
                    continue;
                }
                JsonNode change = ProtoJson.member(message, "filesystem");
                if (change != null && !stopped) {
                    FilesystemEvent event = EnvdMapping.toFilesystemEvent(change);
                    if (event != null) {
                        onEvent.accept(event);
                    }
                }
                // keepalive and unknown events are ignored.
            }
            if (beforeStart) {
                failed = new SandboxException("Expected start event");
            }
        } catch (Exception e) {
            if (!stopped) {
                failed = StreamStart.failure(e, stream, beforeStart, true);
            }
        } finally {
            stream.close();
            if (!started.isDone()) {
                started.completeExceptionally(
                        failed != null ? failed : new SandboxException("Stopped before the start event"));
            }
            finished.complete(null);
            if (!beforeStart) {
                onExit.accept(Optional.ofNullable(failed));
            }
        }
    }

    @Override
    public String toString() {
        return "WatchHandle{" + (finished.isDone() ? "done" : "running") + "}";
    }
}
