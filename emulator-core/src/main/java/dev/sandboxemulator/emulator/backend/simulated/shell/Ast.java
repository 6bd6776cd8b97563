package dev.sandboxemulator.emulator.backend.simulated.shell;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a parsed script. Every node is immutable, so a running process and its
 * clones can share one tree and keep only their positions in it.
 */
public final class Ast {
    private Ast() {
    }

    /** Anything that runs and leaves an exit status. */
    public sealed interface Command
            permits CommandList, AndOr, Pipeline, SimpleCommand, If, While, For, Group, Subshell, Redirected {
    }

    /** Commands separated by {@code ;}, {@code &} or newlines. */
    public record CommandList(List<Item> items) implements Command {
        public CommandList {
            items = List.copyOf(items);
        }

        /** One command of a list; a background one runs without being waited for. */
        public record Item(Command command, boolean background) {
        }
    }

    /** {@code a && b || c}: {@code ops.get(i)} joins {@code commands.get(i)} and {@code commands.get(i + 1)}. */
    public record AndOr(List<Command> commands, List<Operator> ops) implements Command {
        public AndOr {
            commands = List.copyOf(commands);
            ops = List.copyOf(ops);
            if (ops.size() != commands.size() - 1) {
                throw new IllegalArgumentException("ops.size() != commands.size() - 1");
            }
        }

        public enum Operator { AND, OR }
    }

    /** {@code a | b | c}, optionally negated with {@code !}. */
    public record Pipeline(List<Command> stages, boolean negated) implements Command {
        public Pipeline {
            stages = List.copyOf(stages);
        }
    }

    /** {@code NAME=value ... word ... redirection ...}. */
    public record SimpleCommand(List<Assignment> assignments, List<Word> words, List<Redirect> redirects)
            implements Command {
        public SimpleCommand {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code if c; then b; elif c2; then b2; else e; fi}; {@code otherwise} is null without {@code else}. */
    public record If(List<Branch> branches, CommandList otherwise) implements Command {
        public If {
            branches = List.copyOf(branches);
        }

        public record Branch(CommandList condition, CommandList body) {
        }
    }

    /** {@code while c; do b; done}, or {@code until} when {@code until} is true. */
    public record While(CommandList condition, CommandList body, boolean until) implements Command {
    }

    /** {@code for name in words; do body; done}. */
    public record For(String variable, List<Word> words, CommandList body) implements Command {
        public For {
            words = List.copyOf(words);
        }
    }

    /** {@code { list; }}: runs in the current shell. */
    public record Group(CommandList body) implements Command {
    }

    /** {@code ( list )}: runs on a copy of the shell's variables and directory. */
    public record Subshell(CommandList body) implements Command {
    }

    /** A compound command followed by redirections, such as {@code { a; b; } > out}. */
    public record Redirected(Command command, List<Redirect> redirects) implements Command {
        public Redirected {
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code NAME=value}. */
    public record Assignment(String name, Word value) {
    }

    /** A word before expansion: the concatenation of its parts. */
    public record Word(List<Part> parts) {
        public Word {
            parts = List.copyOf(parts);
        }

        /** A word that is one quoted literal: no expansion, splitting or globbing applies. */
        public static Word quoted(String text) {
            return new Word(List.of(new Literal(text, true)));
        }
    }

    /** A piece of a word. */
    public sealed interface Part permits Literal, Variable, CommandSubstitution {
    }

    /** Text; {@code quoted} text is neither split nor globbed. */
    public record Literal(String text, boolean quoted) implements Part {
        public Literal {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code $name} or {@code ${name}}; with {@code ${name:-word}} the operator is {@code ":-"}
     * and {@code operand} the word (both null otherwise).
     */
    public record Variable(String name, boolean quoted, String operator, Word operand) implements Part {
    }

    /** {@code $(list)} or {@code `list`}. */
    public record CommandSubstitution(CommandList body, boolean quoted) implements Part {
    }

    /**
     * A redirection of file descriptor {@code fd}. For {@link Kind#DUPLICATE} the target is the
     * descriptor number to copy ({@code 2>&1}); otherwise it is a file name.
     */
    public record Redirect(int fd, Kind kind, Word target) {
        public enum Kind {
            /** {@code >} */
            WRITE,
            /** {@code >>} */
            APPEND,
            /** {@code <} */
            READ,
            /** {@code n>&m} */
            DUPLICATE,
            /** {@code &>}: stdout and stderr to one file. */
            WRITE_BOTH,
            /** {@code &>>} */
            APPEND_BOTH,
            /** {@code <<EOF}: the target is the document's text. */
            HERE_DOCUMENT
        }
    }
}
