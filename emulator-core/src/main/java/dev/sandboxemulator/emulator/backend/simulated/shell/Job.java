package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One thread of control in a process: the script itself, or a job it started with {@code &}.
 *
 * <p>All of it is data: a stack of {@link Frame}s (positions in the syntax tree), the shell
 * state, and the pipe buffers and input sources its frames refer to by id. Ids instead of object
 * references keep {@link #copy()} simple: a copied frame's ids mean the same in the copied job.
 */
public final class Job {
    final int id;
    public final boolean background;
    public final Deque<Frame> stack = new ArrayDeque<>();
    public ShellState shell;
    public final Map<Integer, ByteSource> sources = new HashMap<>();
    public final Map<Integer, ByteArrayOutputStream> buffers = new HashMap<>();
    /** The open file descriptions of its redirections, each closed when the frame that opened it ends. */
    public final Map<Integer, OpenFile> files = new HashMap<>();
    int nextId;
    public boolean done;
    public int exitStatus;
    /** Set by an and-or list that ended on a command other than its last, which {@code set -e} ignores. */
    boolean errexitExempt;

    public Job(int id, boolean background, ShellState shell) {
        this.id = id;
        this.background = background;
        this.shell = shell;
    }

    public Job copy() {
        Job copy = new Job(id, background, shell.copy());
        List<Frame> frames = new ArrayList<>(stack);
        for (int i = frames.size() - 1; i >= 0; i--) {
            copy.stack.push(frames.get(i).copy());
        }
        sources.forEach((k, v) -> copy.sources.put(k, v.copy()));
        buffers.forEach((k, v) -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(v.toByteArray());
            copy.buffers.put(k, b);
        });
        files.forEach((k, v) -> copy.files.put(k, v.copy()));
        copy.nextId = nextId;
        copy.done = done;
        copy.exitStatus = exitStatus;
        copy.errexitExempt = errexitExempt;
        return copy;
    }

    int newBuffer() {
        int id = nextId++;
        buffers.put(id, new ByteArrayOutputStream());
        return id;
    }

    byte[] takeBuffer(int id) {
        ByteArrayOutputStream buffer = buffers.remove(id);
        return buffer == null ? new byte[0] : buffer.toByteArray();
    }

    int open(OpenFile file) {
        int id = nextId++;
        files.put(id, file);
        return id;
    }

    /**
     * A background job starts with copies of the parent's open descriptions, under the same ids,
     * so the file sinks it inherits keep working after the parent's frame closes them. (On Linux
     * the two would share one offset; here each has its own, which only matters to a job and its
     * background child writing one {@code >} file at once.)
     */
    public void inheritFiles(Job parent) {
        parent.files.forEach((k, v) -> files.put(k, v.copy()));
        nextId = Math.max(nextId, parent.nextId);
    }

    int newSource(byte[] data) {
        int id = nextId++;
        sources.put(id, new ByteSource(data));
        return id;
    }

    /** Bytes a command reads that are all known in advance (a pipe's, a file's, a here-document's). */
    public static final class ByteSource {
        public final byte[] data;
        public int position;

        ByteSource(byte[] data) {
            this.data = data;
        }

        ByteSource copy() {
            ByteSource copy = new ByteSource(data);
            copy.position = position;
            return copy;
        }
    }
}
