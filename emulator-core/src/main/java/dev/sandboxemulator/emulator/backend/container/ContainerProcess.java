package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A process that the supervisor started in a container. Its output is kept in memory as the
 * {@link OutputPump} reads it from the container's files, so a late subscriber sees all of it.
 */
final class ContainerProcess implements SandboxProcess {
    private static final System.Logger LOG = System.getLogger(ContainerProcess.class.getName());

    private final String processId;
    private final int pid;
    private final ProcessSpec spec;
    private final Supplier<ContainerRoot> root;
    private final List<OutputChunk> output = new ArrayList<>();
    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
    private ProcessExit exit;
    private boolean stdinClosed;

    ContainerProcess(String processId, int pid, ProcessSpec spec, Supplier<ContainerRoot> root) {
        this.processId = processId;
        this.pid = pid;
        this.spec = spec;
        this.root = root;
    }

    /** The folder name of this process under the supervisor's {@code p/}. */
    String processId() {
        return processId;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public ProcessSpec spec() {
        return spec;
    }

    @Override
    public synchronized Optional<ProcessExit> exit() {
        return Optional.ofNullable(exit);
    }

    @Override
    public Subscription subscribe(ProcessListener listener, boolean replay) {
        ProcessExit ended;
        synchronized (this) {
            if (replay) {
                output.forEach(listener::onOutput);
            }
            ended = exit;
            if (ended == null) {
                listeners.add(listener);
            }
        }
        if (ended != null) {
            listener.onExit(ended);
        }
        return () -> listeners.remove(listener);
    }

    @Override
    public void writeStdin(byte[] data) {
        synchronized (this) {
            requireOpenStdin();
        }
        // Read-write, so the open never blocks; the supervisor's holder keeps the FIFO alive between writes.
        try (RandomAccessFile in = new RandomAccessFile(Supervisor.processDirectory(root.get(), processId).resolve("in").toFile(), "rw")) {
            in.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the stdin of process " + pid, e);
        }
    }

    @Override
    public void closeStdin() {
        synchronized (this) {
            requireOpenStdin();
            stdinClosed = true;
        }
        Supervisor.send(root.get(), "close " + processId);
    }

    private void requireOpenStdin() {
        if (exit != null) {
            throw new ProcessException(ProcessException.Reason.NOT_FOUND, "process " + pid + " has ended");
        }
        if (!spec.stdin()) {
            throw new ProcessException(ProcessException.Reason.FAILED_PRECONDITION, "process " + pid + " was started without stdin");
        }
        if (stdinClosed) {
            throw new ProcessException(ProcessException.Reason.FAILED_PRECONDITION, "the stdin of process " + pid + " is closed");
        }
    }

    @Override
    public void signal(ProcessSignal signal) {
        synchronized (this) {
            if (exit != null) {
                return;
            }
        }
        Supervisor.send(root.get(), "signal " + (signal == ProcessSignal.SIGKILL ? "KILL" : "TERM") + " " + pid);
    }

    /** Output the pump read from the container. */
    void append(OutputChunk chunk) {
        synchronized (this) {
            if (exit != null) {
                return;
            }
            output.add(chunk);
        }
        for (ProcessListener listener : listeners) {
            try {
                listener.onOutput(chunk);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a process listener failed", e);
            }
        }
    }

    /** The supervisor recorded the exit status {@code code} (from the shell's {@code wait}). */
    void exited(int code) {
        finish(exitOf(code));
    }

    /** Ends the process without a status from the container: its sandbox was killed. */
    void finish(ProcessExit ended) {
        synchronized (this) {
            if (exit != null) {
                return;
            }
            exit = ended;
        }
        for (ProcessListener listener : listeners) {
            try {
                listener.onExit(ended);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a process listener failed", e);
            }
        }
        listeners.clear();
    }

    /**
     * A shell's {@code wait} reports death by signal N as 128+N; SIGKILL and SIGTERM are read so,
     * as envd would report them (a program that exits with 137 or 143 itself looks the same).
     */
    private ProcessExit exitOf(int code) {
        if (code == 128 + 9) {
            return ProcessExit.signalled(ProcessSignal.SIGKILL);
        }
        if (code == 128 + 15) {
            return ProcessExit.signalled(ProcessSignal.SIGTERM);
        }
        return ProcessExit.exitCode(code);
    }

    @Override
    public String toString() {
        return "ContainerProcess[pid=" + pid + ", " + spec.cmd() + " " + spec.args() + "]";
    }
}
