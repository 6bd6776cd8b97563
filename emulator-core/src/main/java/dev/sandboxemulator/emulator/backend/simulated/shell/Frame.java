package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * One level of a job's execution stack: a position in the syntax tree and whatever the node needs
 * to resume (a loop index, a sleep's wake-up time, a stub's state).
 *
 * <p>Frames are the continuation of a script as plain data: {@link #copy()} gives a clone its
 * own, and nothing in a frame refers to threads, timers or listeners. The syntax tree they point
 * into is immutable and shared.
 */
public abstract class Frame {
    private static final int[] NONE = new int[0];

    final CommandStreams io;
    /** Ids of the open file descriptions its redirections opened: the job closes them when it pops the frame. */
    private int[] openedFiles = NONE;

    Frame(CommandStreams io) {
        this.io = io;
    }

    /**
     * Does the next piece of work while this frame is on top of its job's stack: push a child,
     * finish (pop itself), or make progress in place. Returns false, having changed nothing, when
     * it must wait for an event: the clock, input, or another job.
     */
    public abstract boolean step(Syscalls sys, Job job);

    /** An independent copy, for a cloned process. */
    abstract Frame copy();

    public int[] openedFiles() {
        return openedFiles;
    }

    void opened(int description) {
        openedFiles = Arrays.copyOf(openedFiles, openedFiles.length + 1);
        openedFiles[openedFiles.length - 1] = description;
    }

    /** For {@link #copy()}: the copy closes the same descriptions (its job's copies of them). */
    void copyOpenedFilesFrom(Frame original) {
        openedFiles = original.openedFiles;
    }

    /** The earliest clock time this frame waits for, or null. */
    public Wake wake() {
        return null;
    }

    /** Handles the wake-up that {@link #wake()} named; called once it is due. */
    public void fire(Syscalls sys, Job job) {
    }

    /** Moves every clock time this frame waits for by {@code delta} (after a pause, or in a restored copy). */
    public void shift(Duration delta) {
    }

    /** Delivers SIGTERM to this foreground frame; false when it cannot catch it (the process then ends). */
    public boolean terminate(Syscalls sys, Job job) {
        return false;
    }

    /** Whether {@code exit} stops here (a subshell) instead of ending the job. */
    public boolean isShellBoundary() {
        return false;
    }

    /** A clock wake-up; {@code order} breaks ties between equal times in the order they were asked for. */
    public record Wake(Instant when, long order) implements Comparable<Wake> {
        @Override
        public int compareTo(Wake other) {
            int byTime = when.compareTo(other.when);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
