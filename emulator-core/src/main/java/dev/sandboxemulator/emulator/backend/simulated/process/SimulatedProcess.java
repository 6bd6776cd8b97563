package dev.sandboxemulator.emulator.backend.simulated.process;

import dev.sandboxemulator.emulator.backend.simulated.shell.Ast;
import dev.sandboxemulator.emulator.backend.simulated.shell.CommandFrame;
import dev.sandboxemulator.emulator.backend.simulated.shell.CommandStreams;
import dev.sandboxemulator.emulator.backend.simulated.shell.Frame;
import dev.sandboxemulator.emulator.backend.simulated.shell.Job;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellState;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A process of the simulated backend: a script run by a resumable interpreter, not by a thread.
 *
 * <p>Everything a process is lives in data guarded by its lock: its jobs (each a stack of
 * {@link Frame}s), its stdin buffer, its output so far, its deadline. Work happens in {@link
 * #pump()}, on whichever thread delivers an event: {@code start} (the first steps run before it
 * returns), a clock task, a stdin write, a signal. A pump runs every job until each waits for
 * something (the clock, input, another job), then arms one clock task for the earliest wake-up.
 * Nothing ever blocks a thread.
 *
 * <p>When the clock has moved past several wake-ups at once (a manual clock advanced by an hour),
 * the pump handles them in time order and runs the script as of each one's due time, so a {@code
 * sleep 10; sleep 5} started at t=0 finishes at t=15 whatever the size of the clock's step.
 *
 * <p>{@link #image()} copies all of that data; a copy restored from it continues on its own. A
 * paused process runs nothing and has no clock task; its wake-ups move by the time it was paused.
 */
final class SimulatedProcess implements SandboxProcess {
    private static final System.Logger LOG = System.getLogger(SimulatedProcess.class.getName());
    /** envd sends at most 32 KiB of output per event. */
    private static final int MAX_CHUNK = 32 * 1024;
    /** Steps one pump takes before it yields: a script that never waits must not hold the lock forever. */
    private static final int STEPS_PER_TURN = 20_000;

    private final Object lock = new Object();
    private final ProcessHost host;
    private final int pid;
    private final ProcessSpec spec;
    private final Syscalls shell;

    // The process's state: copied into images.
    private final List<Job> jobs;
    private final StdinBuffer stdin;
    private final List<OutputChunk> output;
    private Instant deadline;
    private long nextOrder;
    private int nextJobId;
    private boolean sigtermPending;

    // How it is driven: never copied.
    private volatile ProcessExit exit;
    private final List<ListenerEntry> listeners = new ArrayList<>();
    private boolean paused;
    private Instant pausedAt;
    private VirtualTime.Cancellable timer;
    private Instant timerAt;
    private long timerGeneration;
    private boolean pumping;
    private boolean again;
    private Instant logicalNow;

    /** A new process, not yet running: the manager calls {@link #begin()} once it is registered. */
    SimulatedProcess(ProcessHost host, int pid, ProcessSpec spec) {
        this.host = host;
        this.pid = pid;
        this.spec = spec;
        this.shell = new Syscalls(this, host);
        this.stdin = new StdinBuffer();
        this.stdin.closed = !spec.stdin();
        this.output = new ArrayList<>();
        this.jobs = new ArrayList<>();
        Job main = new Job(nextJobId++, false, new ShellState(spec.envs(), spec.cwd()));
        main.stack.push(topFrame(spec));
        jobs.add(main);
        this.deadline = spec.timeout().map(timeout -> host.time().now().plus(timeout)).orElse(null);
        this.logicalNow = host.time().now();
    }

    /** A copy of an imaged process in another sandbox; its clock times move by the time since the image. */
    SimulatedProcess(ProcessHost host, ProcessImage image) {
        this.host = host;
        this.pid = image.pid;
        this.spec = image.spec;
        this.shell = new Syscalls(this, host);
        this.stdin = image.stdin.copy();
        this.output = new ArrayList<>(image.output);
        this.jobs = new ArrayList<>();
        image.jobs.forEach(job -> jobs.add(job.copy()));
        this.deadline = image.deadline;
        this.nextOrder = image.nextOrder;
        this.nextJobId = image.nextJobId;
        this.sigtermPending = image.sigtermPending;
        this.logicalNow = host.time().now();
        shift(Duration.between(image.capturedAt, host.time().now()));
    }

    /**
     * The command as the first frame. {@code bash -c} (the SDK's form) runs the script without
     * looking for a stub for bash itself; any other program is one simple command.
     */
    private static Frame topFrame(ProcessSpec spec) {
        List<Ast.Word> words = new ArrayList<>();
        words.add(Ast.Word.quoted(spec.cmd()));
        spec.args().forEach(arg -> words.add(Ast.Word.quoted(arg)));
        String name = spec.cmd().substring(spec.cmd().lastIndexOf('/') + 1);
        boolean shellItself = name.equals("bash") || name.equals("sh");
        return new CommandFrame(CommandStreams.standard(true), new Ast.SimpleCommand(List.of(), words, List.of()), !shellItself);
    }

    // ---- SandboxProcess ----

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public ProcessSpec spec() {
        return spec;
    }

    @Override
    public Optional<ProcessExit> exit() {
        return Optional.ofNullable(exit);
    }

    @Override
    public Subscription subscribe(ProcessListener listener, boolean replay) {
        ListenerEntry entry = new ListenerEntry(listener);
        synchronized (lock) {
            if (replay) {
                for (OutputChunk chunk : output) {
                    entry.output(chunk);
                }
            }
            if (exit != null) {
                entry.exit(exit);
                return () -> { };
            }
            listeners.add(entry);
        }
        return () -> {
            synchronized (lock) {
                listeners.remove(entry);
            }
        };
    }

    @Override
    public void writeStdin(byte[] data) {
        synchronized (lock) {
            if (exit != null) {
                throw new ProcessException(ProcessException.Reason.NOT_FOUND, "process with pid " + pid + " not found");
            }
            if (!spec.stdin()) {
                throw new ProcessException(ProcessException.Reason.FAILED_PRECONDITION,
                        "process " + pid + " was started without stdin");
            }
            if (stdin.closed) {
                throw new ProcessException(ProcessException.Reason.FAILED_PRECONDITION,
                        "the stdin of process " + pid + " is closed");
            }
            stdin.append(data);
            pump();
        }
    }

    @Override
    public void closeStdin() {
        synchronized (lock) {
            if (exit != null || stdin.closed) {
                return;
            }
            stdin.closed = true;
            pump();
        }
    }

    @Override
    public void signal(ProcessSignal signal) {
        synchronized (lock) {
            if (exit != null) {
                return;
            }
            if (signal == ProcessSignal.SIGKILL) {
                end(ProcessExit.signalled(ProcessSignal.SIGKILL));
            } else if (paused) {
                sigtermPending = true;
            } else {
                deliverSigterm();
            }
        }
    }

    private void deliverSigterm() {
        logicalNow = host.time().now();
        Job main = jobs.get(0);
        Frame top = main.stack.peek();
        if (top != null && top.terminate(shell, main)) {
            pump();
        } else {
            end(ProcessExit.signalled(ProcessSignal.SIGTERM));
        }
    }

    // ---- lifecycle, for the manager ----

    void begin() {
        synchronized (lock) {
            if (!paused) {
                pump();
            }
        }
    }

    void pause() {
        synchronized (lock) {
            if (exit != null || paused) {
                return;
            }
            paused = true;
            pausedAt = host.time().now();
            cancelTimer();
        }
    }

    void resume() {
        synchronized (lock) {
            if (!paused) {
                return;
            }
            paused = false;
            if (exit != null) {
                return;
            }
            shift(Duration.between(pausedAt, host.time().now()));
            if (sigtermPending) {
                sigtermPending = false;
                deliverSigterm();
            }
            pump();
        }
    }

    /** Starts paused: for a process started in (or restored into) a paused sandbox. */
    void startPaused() {
        synchronized (lock) {
            paused = true;
            pausedAt = host.time().now();
        }
    }

    void kill() {
        synchronized (lock) {
            end(ProcessExit.signalled(ProcessSignal.SIGKILL));
        }
    }

    /** A deep copy of the process's state, as of now (or of the pause, for a paused process). */
    ProcessImage image() {
        synchronized (lock) {
            List<Job> copies = new ArrayList<>();
            jobs.forEach(job -> copies.add(job.copy()));
            return new ProcessImage(pid, spec, copies, stdin.copy(), List.copyOf(output), deadline, nextOrder,
                    nextJobId, sigtermPending, paused ? pausedAt : host.time().now());
        }
    }

    boolean running() {
        return exit == null;
    }

    // ---- for the shell ----

    Instant logicalNow() {
        return logicalNow;
    }

    long nextOrder() {
        return nextOrder++;
    }

    int nextJobId() {
        return nextJobId++;
    }

    void addJob(Job job) {
        jobs.add(job);
    }

    boolean hasRunningJobsOtherThan(Job job) {
        for (Job other : jobs) {
            if (other != job && !other.done && other.background) {
                return true;
            }
        }
        return false;
    }

    StdinBuffer stdinBuffer() {
        return stdin;
    }

    void emit(OutputChunk.Stream stream, byte[] data) {
        for (int from = 0; from < data.length; from += MAX_CHUNK) {
            OutputChunk chunk = new OutputChunk(stream, Arrays.copyOfRange(data, from,
                    Math.min(data.length, from + MAX_CHUNK)));
            output.add(chunk);
            for (ListenerEntry listener : List.copyOf(listeners)) {
                listener.output(chunk);
            }
        }
    }

    /** Ends the process: exactly once, whatever ends it. */
    void end(ProcessExit how) {
        if (exit != null) {
            return;
        }
        exit = how;
        cancelTimer();
        List<ListenerEntry> notified = List.copyOf(listeners);
        listeners.clear();
        notified.forEach(listener -> listener.exit(how));
    }

    // ---- the interpreter loop ----

    /** Runs everything that can run now; the caller holds the lock. */
    private void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        boolean yielded = false;
        try {
            logicalNow = host.time().now();
            int budget = STEPS_PER_TURN;
            while (exit == null && !paused) {
                again = false;
                int before = budget;
                budget = runJobs(budget);
                if (exit != null || paused) {
                    break;
                }
                if (budget <= 0) {
                    yielded = true;
                    break;
                }
                if (budget < before || again) {
                    continue;
                }
                if (!fireDue()) {
                    break;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A StackOverflowError too: a bug that recursed too deep must end this process, not
            // leave it half-stepped forever and unwind into whichever thread (a clock thread,
            // an HTTP handler) happened to drive it.
            LOG.log(System.Logger.Level.ERROR, "the simulated process " + pid + " failed", e);
            emit(OutputChunk.Stream.STDERR, ("bash: internal error in the simulated shell: " + e + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            end(ProcessExit.exitCode(1));
        } finally {
            pumping = false;
        }
        if (exit == null && !paused) {
            if (yielded) {
                cancelTimer();
                long generation = ++timerGeneration;
                timer = host.time().at(host.time().now(), () -> onTimer(generation));
            } else {
                arm();
            }
        }
    }

    /** Steps every job until each waits; returns the budget left (less than given if anything ran). */
    private int runJobs(int budget) {
        for (int i = 0; i < jobs.size() && exit == null && !paused; i++) {
            Job job = jobs.get(i);
            while (!job.done && exit == null && !paused) {
                if (job.stack.isEmpty()) {
                    job.done = true;
                    budget--;
                    if (!job.background) {
                        end(ProcessExit.exitCode(job.shell.lastStatus & 0xFF));
                        return budget;
                    }
                    break;
                }
                if (budget <= 0) {
                    return budget;
                }
                if (!job.stack.peek().step(shell, job)) {
                    break;
                }
                budget--;
            }
        }
        jobs.removeIf(job -> job.done && job.background);
        return budget;
    }

    /** Handles the earliest wake-up if the clock has reached it; false if none is due. */
    private boolean fireDue() {
        Instant now = host.time().now();
        Frame.Wake best = null;
        Job bestJob = null;
        for (Job job : jobs) {
            if (job.done || job.stack.isEmpty()) {
                continue;
            }
            Frame.Wake wake = job.stack.peek().wake();
            if (wake != null && (best == null || wake.compareTo(best) < 0)) {
                best = wake;
                bestJob = job;
            }
        }
        if (deadline != null && (best == null || deadline.isBefore(best.when()))) {
            if (deadline.isAfter(now)) {
                return false;
            }
            logicalNow = deadline;
            end(ProcessExit.signalled(ProcessSignal.SIGKILL));
            return true;
        }
        if (best == null || best.when().isAfter(now)) {
            return false;
        }
        logicalNow = best.when();
        bestJob.stack.peek().fire(shell, bestJob);
        return true;
    }

    private Instant earliestWake() {
        Instant earliest = deadline;
        for (Job job : jobs) {
            if (job.done || job.stack.isEmpty()) {
                continue;
            }
            Frame.Wake wake = job.stack.peek().wake();
            if (wake != null && (earliest == null || wake.when().isBefore(earliest))) {
                earliest = wake.when();
            }
        }
        return earliest;
    }

    private void arm() {
        Instant when = earliestWake();
        if (when == null) {
            cancelTimer();
            return;
        }
        if (timer != null && when.equals(timerAt)) {
            return;
        }
        cancelTimer();
        long generation = ++timerGeneration;
        timerAt = when;
        timer = host.time().at(when, () -> onTimer(generation));
    }

    private void onTimer(long generation) {
        synchronized (lock) {
            if (generation != timerGeneration || exit != null || paused) {
                return;
            }
            timer = null;
            timerAt = null;
            pump();
        }
    }

    private void cancelTimer() {
        timerGeneration++;
        if (timer != null) {
            timer.cancel();
            timer = null;
            timerAt = null;
        }
    }

    private void shift(Duration delta) {
        if (delta.isZero() || delta.isNegative()) {
            return;
        }
        for (Job job : jobs) {
            job.stack.forEach(frame -> frame.shift(delta));
        }
        if (deadline != null) {
            deadline = deadline.plus(delta);
        }
    }

    @Override
    public String toString() {
        return "SimulatedProcess[pid=" + pid + ", " + spec.cmd() + " " + spec.args() + ", exit=" + exit + "]";
    }

    /** The process's standard input: what was written, how much was read, and whether it was closed. */
    static final class StdinBuffer {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int position;
        boolean closed;

        void append(byte[] bytes) {
            data.writeBytes(bytes);
        }

        byte[] unread() {
            byte[] all = data.toByteArray();
            return Arrays.copyOfRange(all, Math.min(position, all.length), all.length);
        }

        StdinBuffer copy() {
            StdinBuffer copy = new StdinBuffer();
            copy.data.writeBytes(data.toByteArray());
            copy.position = position;
            copy.closed = closed;
            return copy;
        }
    }

    /** A listener that can no longer break the process: its exceptions are logged and dropped. */
    private static final class ListenerEntry {
        private final ProcessListener listener;

        ListenerEntry(ProcessListener listener) {
            this.listener = listener;
        }

        void output(OutputChunk chunk) {
            try {
                listener.onOutput(chunk);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a process listener failed", e);
            }
        }

        void exit(ProcessExit exit) {
            try {
                listener.onExit(exit);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a process listener failed", e);
            }
        }
    }

    /** A deep copy of a process; each restore copies it again, so one image can make many clones. */
    static final class ProcessImage {
        final int pid;
        final ProcessSpec spec;
        final List<Job> jobs;
        final StdinBuffer stdin;
        final List<OutputChunk> output;
        final Instant deadline;
        final long nextOrder;
        final int nextJobId;
        final boolean sigtermPending;
        /** When the state was current: wake-ups are this far in the future of it. */
        final Instant capturedAt;

        ProcessImage(int pid, ProcessSpec spec, List<Job> jobs, StdinBuffer stdin, List<OutputChunk> output,
                     Instant deadline, long nextOrder, int nextJobId, boolean sigtermPending, Instant capturedAt) {
            this.pid = pid;
            this.spec = spec;
            this.jobs = jobs;
            this.stdin = stdin;
            this.output = output;
            this.deadline = deadline;
            this.nextOrder = nextOrder;
            this.nextJobId = nextJobId;
            this.sigtermPending = sigtermPending;
            this.capturedAt = capturedAt;
        }
    }
}
