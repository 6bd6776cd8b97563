package dev.sandboxemulator.emulator.backend.simulated.process;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem;
import dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast;
import dev.sandboxemulator.emulator.backend.simulated.shell.CommandStreams;
import dev.sandboxemulator.emulator.backend.simulated.shell.Frame;
import dev.sandboxemulator.emulator.backend.simulated.shell.Frames;
import dev.sandboxemulator.emulator.backend.simulated.shell.Job;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The system calls of one simulated process: what its frames may do to the world while it runs
 * (write output, read input, touch the filesystem, push frames, start background jobs, exit). Not a
 * shell: the shell is the interpreter in the frames, and this is the process and sandbox it runs on.
 * Holds no execution state of its own, so it is never copied: a cloned process gets a new one bound
 * to the clone's sandbox.
 */
public final class Syscalls {
    private final SimulatedProcess process;
    private final ProcessHost host;

    Syscalls(SimulatedProcess process, ProcessHost host) {
        this.process = process;
        this.host = host;
    }

    public int pid() {
        return process.pid();
    }

    public String user() {
        return process.spec().user();
    }

    public String sandboxId() {
        return host.sandboxId();
    }

    public CowFileSystem fs() {
        return host.fileSystem();
    }

    public Stubs stubs() {
        return host.stubs();
    }

    /** The current time for the script: a wake-up's due time while catching up with an advanced clock. */
    public Instant now() {
        return process.logicalNow();
    }

    public long nextOrder() {
        return process.nextOrder();
    }

    /** Ends the whole process at once, as {@code how} says (a stub that died of a signal). */
    public void end(ProcessExit how) {
        process.end(how);
    }

    // ---- stack ----

    public void push(Job job, Frame frame) {
        job.stack.push(frame);
    }

    /** Pops the top frame, which ended with {@code status}. */
    public void finish(Job job, int status) {
        close(job, job.stack.pop());
        job.shell.lastStatus = status;
    }

    /** Closes the open file descriptions a frame's redirections opened, now that it is off the stack. */
    private static void close(Job job, Frame frame) {
        for (int description : frame.openedFiles()) {
            job.files.remove(description);
        }
    }

    /** {@code exit}: unwinds to the nearest subshell, or ends the job. */
    public void exitShell(Job job, int status) {
        while (!job.stack.isEmpty() && !job.stack.peek().isShellBoundary()) {
            close(job, job.stack.pop());
        }
        job.shell.lastStatus = status;
        if (job.stack.isEmpty()) {
            job.exitStatus = status;
        } else {
            ((Frames.SubshellFrame) job.stack.peek()).exiting = true;
        }
    }

    /** Starts {@code command} as a background job on a copy of the shell state. */
    public void spawn(Job parent, Ast.Command command, CommandStreams io) {
        CommandStreams detached = new CommandStreams(CommandStreams.EMPTY, detach(io.stdout(), CommandStreams.Sink.STDOUT), detach(io.stderr(), CommandStreams.Sink.STDERR));
        Job job = new Job(process.nextJobId(), true, parent.shell.copy());
        job.inheritFiles(parent);
        job.stack.push(Frames.frameFor(command, detached, false));
        process.addJob(job);
    }

    private static CommandStreams.Sink detach(CommandStreams.Sink sink, CommandStreams.Sink fallback) {
        // A background job cannot write into the parent job's pipe buffers; its output goes to the process.
        return sink.type() == CommandStreams.Sink.Type.BUFFER ? fallback : sink;
    }

    public boolean otherJobsRunning(Job job) {
        return process.hasRunningJobsOtherThan(job);
    }

    // ---- output ----

    public void write(Job job, CommandStreams.Sink sink, byte[] data) {
        if (data.length == 0) {
            return;
        }
        switch (sink.type()) {
            case STDOUT:
                process.emit(OutputChunk.Stream.STDOUT, data);
                break;
            case STDERR:
                process.emit(OutputChunk.Stream.STDERR, data);
                break;
            case BUFFER: {
                ByteArrayOutputStream buffer = job.buffers.get(sink.id());
                if (buffer != null) {
                    buffer.writeBytes(data);
                }
                break;
            }
            case FILE:
                writeToFile(job, sink, data);
                break;
            default:
                break;
        }
    }

    public void write(Job job, CommandStreams.Sink sink, String text) {
        write(job, sink, text.getBytes(StandardCharsets.UTF_8));
    }

    private void writeToFile(Job job, CommandStreams.Sink sink, byte[] data) {
        // A description is missing only if its frame closed it while something still held the
        // sink; appending then is the safe choice, as it can never cut what others wrote.
        OpenFile file = job.files.getOrDefault(sink.id(), new OpenFile(sink.path(), true));
        try {
            file.write(fs(), data);
        } catch (FileSystemException e) {
            // The file went away or became a directory under the writer; on Linux the bytes would
            // go to the unlinked file, which nobody can read any more. The command is not told.
        }
    }

    // ---- input ----

    /** The unread bytes of an input, without consuming them. */
    public byte[] available(Job job, int stdin) {
        if (stdin == CommandStreams.PROCESS_STDIN) {
            return process.stdinBuffer().unread();
        }
        if (stdin == CommandStreams.EMPTY) {
            return new byte[0];
        }
        Job.ByteSource source = job.sources.get(stdin);
        return source == null ? new byte[0] : Arrays.copyOfRange(source.data, source.position, source.data.length);
    }

    /** Whether no bytes beyond those {@linkplain #available available} will ever come. */
    public boolean closed(Job job, int stdin) {
        return stdin != CommandStreams.PROCESS_STDIN || process.stdinBuffer().closed;
    }

    public void consume(Job job, int stdin, int count) {
        if (stdin == CommandStreams.PROCESS_STDIN) {
            process.stdinBuffer().position += count;
        } else if (stdin != CommandStreams.EMPTY) {
            Job.ByteSource source = job.sources.get(stdin);
            if (source != null) {
                source.position += count;
            }
        }
    }

    // ---- paths ----

    public String resolve(Job job, String path) {
        return SandboxPaths.resolve(job.shell.cwd, path);
    }
}
