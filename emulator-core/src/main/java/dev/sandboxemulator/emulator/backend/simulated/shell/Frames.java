package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;

import java.util.List;
import java.util.Map;

/** The frames of compound commands; a simple command's is {@link CommandFrame}. */
public final class Frames {
    private Frames() {
    }

    /**
     * The frame that runs {@code command}. {@code condition} marks the test of an {@code if} or a
     * loop, where {@code set -e} does not apply.
     */
    public static Frame frameFor(Ast.Command command, CommandStreams io, boolean condition) {
        if (command instanceof Ast.SimpleCommand) {
            return new CommandFrame(io, (Ast.SimpleCommand) command);
        }
        if (command instanceof Ast.CommandList) {
            return new ListFrame(io, (Ast.CommandList) command, condition);
        }
        if (command instanceof Ast.AndOr) {
            return new AndOrFrame(io, (Ast.AndOr) command, condition);
        }
        if (command instanceof Ast.Pipeline) {
            return new PipelineFrame(io, (Ast.Pipeline) command, condition);
        }
        if (command instanceof Ast.If) {
            return new IfFrame(io, (Ast.If) command, condition);
        }
        if (command instanceof Ast.While) {
            return new WhileFrame(io, (Ast.While) command, condition);
        }
        if (command instanceof Ast.For) {
            return new ForFrame(io, (Ast.For) command, condition);
        }
        if (command instanceof Ast.Group) {
            return new ListFrame(io, ((Ast.Group) command).body(), condition);
        }
        if (command instanceof Ast.Subshell) {
            return new SubshellFrame(io, ((Ast.Subshell) command).body(), Map.of());
        }
        return new RedirectedFrame(io, (Ast.Redirected) command, condition);
    }

    /** Commands in sequence; {@code &} items start background jobs. Applies {@code set -e}. */
    static final class ListFrame extends Frame {
        private final Ast.CommandList list;
        private final boolean condition;
        private int next;

        ListFrame(CommandStreams io, Ast.CommandList list, boolean condition) {
            super(io);
            this.list = list;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (next > 0 && !condition && job.shell.errexit && job.shell.lastStatus != 0
                    && !list.items().get(next - 1).background()) {
                if (job.errexitExempt) {
                    job.errexitExempt = false;
                } else {
                    sys.exitShell(job, job.shell.lastStatus);
                    return true;
                }
            }
            job.errexitExempt = false;
            if (next >= list.items().size()) {
                sys.finish(job, job.shell.lastStatus);
                return true;
            }
            Ast.CommandList.Item item = list.items().get(next++);
            if (item.background()) {
                sys.spawn(job, item.command(), io);
                job.shell.lastStatus = 0;
            } else {
                sys.push(job, frameFor(item.command(), io, condition));
            }
            return true;
        }

        @Override
        Frame copy() {
            ListFrame copy = new ListFrame(io, list, condition);
            copy.next = next;
            return copy;
        }
    }

    /** {@code a && b || c}. */
    static final class AndOrFrame extends Frame {
        private final Ast.AndOr node;
        private final boolean condition;
        private int next;

        AndOrFrame(CommandStreams io, Ast.AndOr node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (next == 0) {
                next = 1;
                // Only the last command of an and-or list is outside "condition" context for set -e.
                sys.push(job, frameFor(node.commands().get(0), io, true));
                return true;
            }
            while (next < node.commands().size()) {
                Ast.AndOr.Operator op = node.ops().get(next - 1);
                int status = job.shell.lastStatus;
                int index = next++;
                if (op == Ast.AndOr.Operator.AND ? status == 0 : status != 0) {
                    boolean last = index == node.commands().size() - 1;
                    sys.push(job, frameFor(node.commands().get(index), io, condition || !last));
                    if (last) {
                        next = node.commands().size() + 1;
                    }
                    return true;
                }
            }
            boolean endedOnLast = next == node.commands().size() + 1;
            sys.finish(job, job.shell.lastStatus);
            job.errexitExempt = !endedOnLast;
            return true;
        }

        @Override
        Frame copy() {
            AndOrFrame copy = new AndOrFrame(io, node, condition);
            copy.next = next;
            return copy;
        }
    }

    /**
     * {@code a | b | c}. The stages are not concurrent: each runs to completion with its output
     * collected, which becomes the next stage's input. Each stage runs on a copy of the shell state,
     * as bash runs stages in subshells.
     */
    static final class PipelineFrame extends Frame {
        private final Ast.Pipeline node;
        private final boolean condition;
        private int next;
        private int buffer = -1;
        private int failed;
        private ShellState saved;

        PipelineFrame(CommandStreams io, Ast.Pipeline node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            int stages = node.stages().size();
            if (next > 0) {
                int status = job.shell.lastStatus;
                if (status != 0) {
                    failed = status;
                }
                if (saved != null) {
                    job.shell = saved;
                    job.shell.lastStatus = status;
                    saved = null;
                }
            }
            if (next >= stages) {
                int status = job.shell.lastStatus;
                if (job.shell.pipefail && status == 0) {
                    status = failed;
                }
                if (node.negated()) {
                    status = status == 0 ? 1 : 0;
                }
                sys.finish(job, status);
                return true;
            }
            int stdin = io.stdin();
            if (next > 0) {
                stdin = job.newSource(job.takeBuffer(buffer));
                buffer = -1;
            }
            CommandStreams.Sink stdout = io.stdout();
            if (next < stages - 1) {
                buffer = job.newBuffer();
                stdout = CommandStreams.Sink.buffer(buffer);
            }
            if (stages > 1) {
                saved = job.shell.copy();
            }
            Ast.Command stage = node.stages().get(next++);
            sys.push(job, frameFor(stage, new CommandStreams(stdin, stdout, io.stderr()), condition || node.negated()));
            return true;
        }

        @Override
        Frame copy() {
            PipelineFrame copy = new PipelineFrame(io, node, condition);
            copy.next = next;
            copy.buffer = buffer;
            copy.failed = failed;
            copy.saved = saved == null ? null : saved.copy();
            return copy;
        }
    }

    /** {@code if ...; then ...; elif ...; else ...; fi}. */
    static final class IfFrame extends Frame {
        private final Ast.If node;
        private final boolean condition;
        private int branch = -1;
        private boolean inBody;

        IfFrame(CommandStreams io, Ast.If node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (branch < 0) {
                branch = 0;
                sys.push(job, frameFor(node.branches().get(0).condition(), io, true));
                return true;
            }
            if (inBody) {
                sys.finish(job, job.shell.lastStatus);
                return true;
            }
            if (job.shell.lastStatus == 0) {
                inBody = true;
                sys.push(job, frameFor(node.branches().get(branch).body(), io, condition));
                return true;
            }
            branch++;
            if (branch < node.branches().size()) {
                sys.push(job, frameFor(node.branches().get(branch).condition(), io, true));
            } else if (node.otherwise() != null) {
                inBody = true;
                sys.push(job, frameFor(node.otherwise(), io, condition));
            } else {
                sys.finish(job, 0);
            }
            return true;
        }

        @Override
        Frame copy() {
            IfFrame copy = new IfFrame(io, node, condition);
            copy.branch = branch;
            copy.inBody = inBody;
            return copy;
        }
    }

    /** {@code while}/{@code until} loops. */
    static final class WhileFrame extends Frame {
        private final Ast.While node;
        private final boolean condition;
        private boolean started;
        private boolean inCondition;
        private int bodyStatus;

        WhileFrame(CommandStreams io, Ast.While node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (!started || !inCondition) {
                if (started) {
                    bodyStatus = job.shell.lastStatus;
                }
                started = true;
                inCondition = true;
                sys.push(job, frameFor(node.condition(), io, true));
                return true;
            }
            boolean holds = job.shell.lastStatus == 0;
            if (holds != node.until()) {
                inCondition = false;
                sys.push(job, frameFor(node.body(), io, condition));
            } else {
                sys.finish(job, bodyStatus);
            }
            return true;
        }

        @Override
        Frame copy() {
            WhileFrame copy = new WhileFrame(io, node, condition);
            copy.started = started;
            copy.inCondition = inCondition;
            copy.bodyStatus = bodyStatus;
            return copy;
        }
    }

    /** {@code for name in words; do ...; done}. */
    static final class ForFrame extends Frame {
        private final Ast.For node;
        private final boolean condition;
        private Substitutions substitutions;
        private List<String> values;
        private int next;

        ForFrame(CommandStreams io, Ast.For node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (values == null) {
                if (substitutions == null) {
                    substitutions = Substitutions.in(node.words());
                }
                if (substitutions.advance(sys, job, io)) {
                    return true;
                }
                try {
                    values = new Expander(sys, job, substitutions.results()).fields(node.words());
                } catch (Expander.ExpansionError e) {
                    sys.write(job, io.stderr(), e.getMessage() + "\n");
                    sys.exitShell(job, 1);
                    return true;
                }
                job.shell.lastStatus = 0;
            }
            if (next >= values.size()) {
                sys.finish(job, job.shell.lastStatus);
                return true;
            }
            job.shell.set(node.variable(), values.get(next++));
            sys.push(job, frameFor(node.body(), io, condition));
            return true;
        }

        @Override
        Frame copy() {
            ForFrame copy = new ForFrame(io, node, condition);
            copy.substitutions = substitutions == null ? null : substitutions.copy();
            copy.values = values;
            copy.next = next;
            return copy;
        }
    }

    /**
     * Runs a list on a copy of the shell state, restored afterwards: {@code ( ... )}, command
     * substitutions and nested {@code bash -c}. {@code exit} inside ends only this frame.
     */
    public static final class SubshellFrame extends Frame {
        private final Ast.CommandList body;
        private final Map<String, String> exports;
        private ShellState saved;
        public boolean exiting;

        SubshellFrame(CommandStreams io, Ast.CommandList body, Map<String, String> exports) {
            super(io);
            this.body = body;
            this.exports = Map.copyOf(exports);
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (saved == null && !exiting) {
                saved = job.shell;
                job.shell = saved.copy();
                exports.forEach((name, value) -> {
                    job.shell.set(name, value);
                    job.shell.export(name);
                });
                sys.push(job, new ListFrame(io, body, false));
                return true;
            }
            int status = job.shell.lastStatus;
            if (saved != null) {
                job.shell = saved;
            }
            sys.finish(job, status);
            return true;
        }

        @Override
        public boolean isShellBoundary() {
            return true;
        }

        @Override
        Frame copy() {
            SubshellFrame copy = new SubshellFrame(io, body, exports);
            copy.saved = saved == null ? null : saved.copy();
            copy.exiting = exiting;
            return copy;
        }
    }

    /** A compound command with redirections. */
    static final class RedirectedFrame extends Frame {
        private final Ast.Redirected node;
        private final boolean condition;
        private Substitutions substitutions;
        private boolean started;

        RedirectedFrame(CommandStreams io, Ast.Redirected node, boolean condition) {
            super(io);
            this.node = node;
            this.condition = condition;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            if (started) {
                sys.finish(job, job.shell.lastStatus);
                return true;
            }
            if (substitutions == null) {
                substitutions = Substitutions.in(node.redirects().stream().map(Ast.Redirect::target).toList());
            }
            if (substitutions.advance(sys, job, io)) {
                return true;
            }
            CommandStreams redirected;
            try {
                redirected = Redirections.apply(sys, job, this, node.redirects(),
                        new Expander(sys, job, substitutions.results()));
            } catch (Expander.ExpansionError e) {
                sys.write(job, io.stderr(), e.getMessage() + "\n");
                sys.exitShell(job, 1);
                return true;
            }
            if (redirected == null) {
                sys.finish(job, 1);
                return true;
            }
            started = true;
            sys.push(job, frameFor(node.command(), redirected, condition));
            return true;
        }

        @Override
        Frame copy() {
            RedirectedFrame copy = new RedirectedFrame(io, node, condition);
            copy.substitutions = substitutions == null ? null : substitutions.copy();
            copy.started = started;
            copy.copyOpenedFilesFrom(this);
            return copy;
        }
    }

    /** Prints a message and ends with a status: how a script that does not parse runs. */
    static final class FailFrame extends Frame {
        private final String message;
        private final int status;

        FailFrame(CommandStreams io, String message, int status) {
            super(io);
            this.message = message;
            this.status = status;
        }

        @Override
        public boolean step(Syscalls sys, Job job) {
            sys.write(job, io.stderr(), message + "\n");
            sys.finish(job, status);
            return true;
        }

        @Override
        Frame copy() {
            return this;
        }
    }
}
