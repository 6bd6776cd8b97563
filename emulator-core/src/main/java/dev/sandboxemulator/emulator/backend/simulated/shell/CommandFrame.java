package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.commands.Builtins;
import dev.sandboxemulator.emulator.backend.simulated.commands.Command;
import dev.sandboxemulator.emulator.backend.simulated.commands.TextCommands;
import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;
import dev.sandboxemulator.emulator.stub.StubBehavior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simple command: runs its command substitutions, expands its words, applies its redirections,
 * then hands it to a stub, a builtin, or the "command not found" error. A command that takes time
 * keeps its progress in an {@link Activity}, which is data like the rest of the frame.
 */
public final class CommandFrame extends Frame {
    private final Ast.SimpleCommand node;
    private final boolean stubsApply;
    private Substitutions substitutions;
    private Activity activity;

    CommandFrame(CommandStreams io, Ast.SimpleCommand node) {
        this(io, node, true);
    }

    /** {@code stubsApply} is false for the process's own {@code /bin/bash -c}: stubs match the commands inside. */
    public CommandFrame(CommandStreams io, Ast.SimpleCommand node, boolean stubsApply) {
        super(io);
        this.node = node;
        this.stubsApply = stubsApply;
    }

    @Override
    public boolean step(Syscalls sys, Job job) {
        if (activity != null) {
            return activity.step(sys, job, this);
        }
        if (substitutions == null) {
            List<Ast.Word> all = new ArrayList<>();
            node.assignments().forEach(a -> all.add(a.value()));
            all.addAll(node.words());
            node.redirects().forEach(r -> all.add(r.target()));
            substitutions = Substitutions.in(all);
        }
        if (substitutions.advance(sys, job, io)) {
            return true;
        }
        dispatch(sys, job);
        return true;
    }

    private void dispatch(Syscalls sys, Job job) {
        Expander expander = new Expander(sys, job, substitutions.results());
        List<String> words;
        Map<String, String> assignments = new LinkedHashMap<>();
        CommandStreams cmdIo;
        try {
            for (Ast.Assignment assignment : node.assignments()) {
                assignments.put(assignment.name(), expander.single(assignment.value()));
            }
            words = expander.fields(node.words());
            cmdIo = Redirections.apply(sys, job, this, node.redirects(), expander);
        } catch (Expander.ExpansionError e) {
            sys.write(job, io.stderr(), e.getMessage() + "\n");
            sys.exitShell(job, 1);
            return;
        }
        if (cmdIo == null) {
            sys.finish(job, 1);
            return;
        }
        if (words.isEmpty()) {
            assignments.forEach(job.shell::set);
            sys.finish(job, Math.max(substitutions.lastStatus, 0));
            return;
        }
        run(sys, job, words, assignments, cmdIo, stubsApply);
    }

    /** Runs expanded words: a stub if one matches, else a builtin, else "command not found". */
    void run(Syscalls sys, Job job, List<String> words, Map<String, String> assignments, CommandStreams cmdIo, boolean stubs) {
        String line = String.join(" ", words);
        Optional<StubBehavior> stub = stubs ? sys.stubs().find(sys.sandboxId(), line) : Optional.empty();
        if (stub.isPresent()) {
            activity = StubRun.start(stub.get().handler(), words, job.shell.environment(assignments), job.shell.cwd,
                    cmdIo);
            return;
        }
        String name = Builtins.canonicalName(words.get(0));
        if (name == null) {
            String command = words.get(0);
            sys.write(job, cmdIo.stderr(), "bash: " + command + ": command not found (the simulated sandbox has no '"
                    + command + "'; register a stub: emulator.stubs().register(CommandMatcher.prefix(\"" + command
                    + "\"), StubBehavior.stdout(\"...\")))\n");
            sys.finish(job, 127);
            return;
        }
        List<String> normalized = new ArrayList<>(words);
        normalized.set(0, name);
        Command.StdinMode mode = Builtins.stdinMode(normalized);
        if (mode != Command.StdinMode.NONE) {
            activity = new ReadingStdin(normalized, assignments, cmdIo, mode);
            return;
        }
        outcome(sys, job, Builtins.run(new Builtins.Call(sys, job, cmdIo, normalized, assignments, null)), cmdIo);
    }

    /** Acts on what a builtin asked for. */
    void outcome(Syscalls sys, Job job, Builtins.Outcome outcome, CommandStreams cmdIo) {
        switch (outcome.kind) {
            case STATUS:
                sys.finish(job, outcome.status);
                break;
            case EXIT:
                sys.exitShell(job, outcome.status);
                break;
            case SLEEP:
                activity = new Sleeping(outcome.duration == null ? null : sys.now().plus(outcome.duration),
                        sys.nextOrder());
                break;
            case WAIT:
                activity = new WaitingForJobs();
                break;
            case SCRIPT:
                activity = new RunningScript();
                sys.push(job, outcome.currentShell ? new Frames.ListFrame(cmdIo, outcome.script, false)
                        : new Frames.SubshellFrame(cmdIo, outcome.script, outcome.exports));
                break;
            default: // RUN: env, command, exec and friends run other words
                run(sys, job, outcome.words, outcome.exports, cmdIo, true);
                break;
        }
    }

    @Override
    Frame copy() {
        CommandFrame copy = new CommandFrame(io, node, stubsApply);
        copy.substitutions = substitutions == null ? null : substitutions.copy();
        copy.activity = activity == null ? null : activity.copy();
        copy.copyOpenedFilesFrom(this);
        return copy;
    }

    @Override
    public Frame.Wake wake() {
        return activity == null ? null : activity.wake();
    }

    @Override
    public void fire(Syscalls sys, Job job) {
        if (activity != null) {
            activity.fire(sys, job, this);
        }
    }

    @Override
    public void shift(Duration delta) {
        if (activity != null) {
            activity.shift(delta);
        }
    }

    @Override
    public boolean terminate(Syscalls sys, Job job) {
        return activity != null && activity.terminate(sys, job, this);
    }

    /** Progress of a command that takes time; plain data, copied with its frame. */
    abstract static class Activity {
        abstract boolean step(Syscalls sys, Job job, CommandFrame frame);

        abstract Activity copy();

        Frame.Wake wake() {
            return null;
        }

        void fire(Syscalls sys, Job job, CommandFrame frame) {
        }

        void shift(Duration delta) {
        }

        boolean terminate(Syscalls sys, Job job, CommandFrame frame) {
            return false;
        }
    }

    /** {@code sleep}: waits for the clock; a null wake-up time sleeps forever. */
    static final class Sleeping extends Activity {
        private Instant until;
        private final long order;
        private boolean woken;

        Sleeping(Instant until, long order) {
            this.until = until;
            this.order = order;
        }

        @Override
        boolean step(Syscalls sys, Job job, CommandFrame frame) {
            if (!woken) {
                return false;
            }
            sys.finish(job, 0);
            return true;
        }

        @Override
        Frame.Wake wake() {
            return woken || until == null ? null : new Frame.Wake(until, order);
        }

        @Override
        void fire(Syscalls sys, Job job, CommandFrame frame) {
            woken = true;
        }

        @Override
        void shift(Duration delta) {
            if (until != null) {
                until = until.plus(delta);
            }
        }

        @Override
        Activity copy() {
            Sleeping copy = new Sleeping(until, order);
            copy.woken = woken;
            return copy;
        }
    }

    /** {@code wait}: until every background job has ended. */
    static final class WaitingForJobs extends Activity {
        @Override
        boolean step(Syscalls sys, Job job, CommandFrame frame) {
            if (sys.otherJobsRunning(job)) {
                return false;
            }
            sys.finish(job, 0);
            return true;
        }

        @Override
        Activity copy() {
            return new WaitingForJobs();
        }
    }

    /** {@code bash -c}, {@code sh script.sh}: the script runs in a pushed subshell frame above this one. */
    static final class RunningScript extends Activity {
        @Override
        boolean step(Syscalls sys, Job job, CommandFrame frame) {
            sys.finish(job, job.shell.lastStatus);
            return true;
        }

        @Override
        Activity copy() {
            return new RunningScript();
        }
    }

    /**
     * A builtin that reads standard input: {@code cat} and {@code head} stream what is available,
     * {@code read} takes one line, the others wait for end of file and then run on all of it.
     */
    static final class ReadingStdin extends Activity {
        private final List<String> words;
        private final Map<String, String> assignments;
        private final CommandStreams cmdIo;
        private final Command.StdinMode mode;
        private int linesWritten;

        ReadingStdin(List<String> words, Map<String, String> assignments, CommandStreams cmdIo, Command.StdinMode mode) {
            this.words = List.copyOf(words);
            this.assignments = Map.copyOf(assignments);
            this.cmdIo = cmdIo;
            this.mode = mode;
        }

        @Override
        boolean step(Syscalls sys, Job job, CommandFrame frame) {
            byte[] data = sys.available(job, cmdIo.stdin());
            boolean closed = sys.closed(job, cmdIo.stdin());
            switch (mode) {
                case STREAM:
                    if (data.length > 0) {
                        sys.consume(job, cmdIo.stdin(), data.length);
                        sys.write(job, cmdIo.stdout(), data);
                    }
                    if (closed) {
                        sys.finish(job, 0);
                        return true;
                    }
                    return data.length > 0;
                case LINES: {
                    int limit = TextCommands.headLines(words);
                    int end = 0;
                    while (linesWritten < limit && end < data.length) {
                        int newline = indexOf(data, (byte) '\n', end);
                        if (newline < 0) {
                            break;
                        }
                        end = newline + 1;
                        linesWritten++;
                    }
                    if (linesWritten < limit && closed) {
                        end = data.length;
                    }
                    if (end > 0) {
                        sys.consume(job, cmdIo.stdin(), end);
                        sys.write(job, cmdIo.stdout(), Arrays.copyOf(data, end));
                    }
                    if (linesWritten >= limit || closed) {
                        sys.finish(job, 0);
                        return true;
                    }
                    return end > 0;
                }
                case LINE: {
                    int newline = indexOf(data, (byte) '\n', 0);
                    if (newline < 0 && !closed) {
                        return false;
                    }
                    int end = newline < 0 ? data.length : newline + 1;
                    sys.consume(job, cmdIo.stdin(), end);
                    byte[] line = Arrays.copyOf(data, newline < 0 ? end : newline);
                    Builtins.Outcome read = Builtins.run(new Builtins.Call(sys, job, cmdIo, words, assignments, line));
                    // bash's read assigns what it got but fails when input ended before a newline
                    sys.finish(job, newline < 0 ? 1 : read.status);
                    return true;
                }
                default: { // ALL
                    if (!closed) {
                        return false;
                    }
                    sys.consume(job, cmdIo.stdin(), data.length);
                    frame.activity = null;
                    frame.outcome(sys, job,
                            Builtins.run(new Builtins.Call(sys, job, cmdIo, words, assignments, data)), cmdIo);
                    return true;
                }
            }
        }

        private static int indexOf(byte[] data, byte b, int from) {
            for (int i = from; i < data.length; i++) {
                if (data[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        Activity copy() {
            ReadingStdin copy = new ReadingStdin(words, assignments, cmdIo, mode);
            copy.linesWritten = linesWritten;
            return copy;
        }
    }
}
