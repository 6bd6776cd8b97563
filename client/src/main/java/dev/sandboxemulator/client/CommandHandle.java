package dev.sandboxemulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.client.internal.EnvdMapping;
import dev.sandboxemulator.client.internal.ProtoJson;
import dev.sandboxemulator.client.internal.ServerStream;
import dev.sandboxemulator.client.internal.Utf8Chunks;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A command running in a sandbox, returned by {@link Commands#start} and {@link Commands#connect}. A daemon thread
 * reads the process's event stream as envd sends it: output reaches the callbacks, {@link #stdout()},
 * {@link #stderr()} and {@link #output()} while the command runs. Thread-safe.
 *
 * <p>Closing the handle {@linkplain #disconnect() disconnects} from the command without stopping it; use
 * {@link #kill()} to stop it.
 *
 * <pre>{@code
 * try (CommandHandle handle = sandbox.commands().start("make test", RunOptions.DEFAULT)) {
 *   handle.output().forEach(chunk -> System.out.print(chunk.text()));
 *   CommandResult result = handle.waitFor();
 * }
 * }</pre>
 */
public final class CommandHandle implements AutoCloseable {
    private static final Object END = new Object();

    private final Commands commands;
    private final ServerStream stream;
    private final Consumer<String> onStdout;
    private final Consumer<String> onStderr;
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Utf8Chunks stdoutDecoder = new Utf8Chunks();
    private final Utf8Chunks stderrDecoder = new Utf8Chunks();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean outputTaken = new AtomicBoolean();
    private final Thread reader;
    private volatile int pid;
    private volatile Integer exitCode;
    private volatile String error;
    private volatile SandboxException failure;
    private volatile boolean disconnected;

    private CommandHandle(Commands commands, ServerStream stream, RunOptions options) {
        this.commands = commands;
        this.stream = stream;
        this.onStdout = options.onStdout();
        this.onStderr = options.onStderr();
        this.reader = new Thread(this::read, "sandbox-command-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading {@code stream} and waits for its start event.
     *
     * @throws SandboxException if the start event did not arrive within {@code requestTimeout} or the stream failed
     *     before it
     */
    static CommandHandle open(Commands commands, ServerStream stream, RunOptions options, Duration requestTimeout) {
        CommandHandle handle = new CommandHandle(commands, stream, options);
        handle.reader.start();
        handle.pid = StreamStart.await(handle.started, stream, requestTimeout);
        return handle;
    }

    /** Returns the process ID. */
    public int pid() {
        return pid;
    }

    /**
     * Waits until the command exits and returns how it ended.
     *
     * @throws CommandExitException if the exit code is not 0
     * @throws SandboxTimeoutException if the command exceeded its timeout ({@code deadline_exceeded}; envd killed it)
     *     or the sandbox stopped answering
     * @throws SandboxException if the stream ended without the command's result ({@code "Process exited without a
     *     result"}), the handle was disconnected first, or the stream failed
     */
    public CommandResult waitFor() {
        try {
            finished.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting for process " + pid, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the reader never fails its completion", e);
        }
        SandboxException failed = failure;
        if (failed != null) {
            throw failed;
        }
        Integer code = exitCode;
        if (code == null) {
            throw new SandboxException("Disconnected from process " + pid + " before it exited");
        }
        CommandResult result = new CommandResult(code, stdout(), stderr(), Optional.ofNullable(error));
        if (code != 0) {
            throw new CommandExitException(result);
        }
        return result;
    }

    /**
     * Kills the command with SIGKILL.
     *
     * @return true if it was killed, false if it had already exited
     * @throws SandboxException for the failures listed on {@link Commands#kill}
     */
    public boolean kill() {
        return commands.kill(pid);
    }

    /**
     * Stops reading the command's events; the command keeps running and can be reached again with
     * {@link Commands#connect}. Idempotent. A later {@link #waitFor()} fails unless the command had already exited.
     */
    public void disconnect() {
        disconnected = true;
        stream.close();
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    /** Returns the standard output received so far. */
    public String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    /** Returns the standard error received so far. */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Returns the exit code once the command has exited. */
    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    /** Returns envd's description of a failed exit, such as {@code "exit status 3"}, once the command has exited. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Returns the command's output chunks in arrival order, from the first one, blocking until each arrives. The stream
     * ends when the command's event stream ends; if the event stream failed, the terminal operation throws that
     * failure (a non-zero exit is not a failure: see {@link #waitFor()}). Chunks are buffered until consumed.
     *
     * @throws IllegalStateException if called more than once
     */
    public Stream<ProcessOutput> output() {
        if (!outputTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("output() may be called only once");
        }
        Iterator<ProcessOutput> iterator =
                new Iterator<>() {
                    private ProcessOutput next;
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        if (next != null) {
                            return true;
                        }
                        if (done) {
                            return false;
                        }
                        Object event;
                        try {
                            event = events.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new SandboxException("Interrupted while waiting for output of process " + pid, e);
                        }
                        if (event == END) {
                            done = true;
                            SandboxException failed = failure;
                            if (failed != null) {
                                throw failed;
                            }
                            return false;
                        }
                        next = (ProcessOutput) event;
                        return true;
                    }

                    @Override
                    public ProcessOutput next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ProcessOutput result = next;
                        next = null;
                        return result;
                    }
                };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private void read() {
        boolean beforeStart = true;
        SandboxException failed = null;
        try {
            JsonNode message;
            while ((message = stream.next()) != null) {
                JsonNode event = ProtoJson.member(message, "event");
                if (beforeStart) {
                    JsonNode start = ProtoJson.member(event, "start");
                    if (start == null) {
                        throw new SandboxException("Expected start event");
                    }
                    beforeStart = false;
                    started.complete(pidOf(start));
                    continue;
                }
                JsonNode data = ProtoJson.member(event, "data");
                JsonNode end = ProtoJson.member(event, "end");
                if (data != null) {
                    JsonNode out = ProtoJson.member(data, "stdout");
                    JsonNode err = ProtoJson.member(data, "stderr");
                    if (out != null) {
                        deliver(ProcessOutput.Kind.STDOUT, stdoutDecoder.decode(ProtoJson.bytes(data, "stdout")));
                    }
                    if (err != null) {
                        deliver(ProcessOutput.Kind.STDERR, stderrDecoder.decode(ProtoJson.bytes(data, "stderr")));
                    }
                } else if (end != null) {
                    error = ProtoJson.string(end, "error", null);
                    exitCode = (int) ProtoJson.int64(end, "exitCode", "exit_code");
                }
                // keepalive, pty output and unknown events are ignored.
            }
            if (beforeStart) {
                failed = new SandboxException("Expected start event");
            } else if (exitCode == null && !disconnected) {
                failed = new SandboxException("Process exited without a result");
            }
        } catch (Exception e) {
            if (!disconnected) {
                failed = StreamStart.failure(e, stream, beforeStart, false);
            }
        } finally {
            stream.close();
            try {
                deliver(ProcessOutput.Kind.STDOUT, stdoutDecoder.flush());
                deliver(ProcessOutput.Kind.STDERR, stderrDecoder.flush());
            } catch (RuntimeException callbackFailed) {
                if (failed == null) {
                    failed = StreamStart.failure(callbackFailed, stream, false, false);
                }
            }
            failure = failed;
            if (!started.isDone()) {
                started.completeExceptionally(
                        failed != null ? failed : new SandboxException("Disconnected before the start event"));
            }
            events.add(END);
            finished.complete(null);
        }
    }

    private void deliver(ProcessOutput.Kind kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        StringBuilder buffer = kind == ProcessOutput.Kind.STDOUT ? stdout : stderr;
        synchronized (buffer) {
            buffer.append(text);
        }
        events.add(new ProcessOutput(kind, text));
        try {
            (kind == ProcessOutput.Kind.STDOUT ? onStdout : onStderr).accept(text);
        } catch (RuntimeException e) {
            throw new SandboxException("The " + kind.name().toLowerCase(java.util.Locale.ROOT) + " callback threw " + e, e);
        }
    }

    private static int pidOf(JsonNode start) {
        try {
            return (int) ProtoJson.int64(start, "pid", null);
        } catch (NumberFormatException e) {
            throw EnvdMapping.malformed("bad pid in the start event: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CommandHandle{pid=" + pid + "}";
    }
}
