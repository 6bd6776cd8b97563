package dev.sandboxemulator.emulator.backend.simulated.commands;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One builtin, declared once: its name, how it reads standard input, what it does, and where
 * {@code which} finds it. The shell looks all of these up in {@link Builtins#COMMANDS}, so a command
 * cannot be known by name yet lack a behaviour, or run without saying how it takes its input.
 */
public record Command(String name, StdinPolicy stdin, Action action, Location location) {

    /** Where a real system keeps the command, as {@code which} and {@code command -v} report it. */
    enum Location {
        /** Built into bash, with no file ({@code cd}, {@code export} ...): {@code which} finds nothing. */
        SHELL(null),
        BIN("/bin/"),
        USR_BIN("/usr/bin/");

        /** The directory, with its trailing slash; null for {@link #SHELL}. */
        final String directory;

        Location(String directory) {
            this.directory = directory;
        }
    }

    /** How a builtin reads standard input. */
    public enum StdinMode {
        /** Not at all. */
        NONE,
        /** Copies it through as it arrives ({@code cat}). */
        STREAM,
        /** Copies the first lines through as they arrive ({@code head -n}). */
        LINES,
        /** Takes one line ({@code read}); the action gets that line, without its newline, as stdin. */
        LINE,
        /** Needs all of it, up to end of file. */
        ALL
    }

    /** Decides from the arguments whether, and how, an invocation reads stdin: {@code cat} does, {@code cat f} not. */
    @FunctionalInterface
    interface StdinPolicy {
        StdinMode mode(List<String> args);
    }

    /** Runs one invocation; its stdin, if the policy asked for some, is in the call. */
    @FunctionalInterface
    interface Action {
        Builtins.Outcome run(Builtins.Call call);
    }

    /** A command that never reads stdin. */
    static Command of(String name, Action action) {
        return new Command(name, args -> StdinMode.NONE, action, Location.USR_BIN);
    }

    /** A command that reads stdin as {@code policy} decides for each invocation. */
    static Command reading(String name, StdinPolicy policy, Action action) {
        return new Command(name, policy, action, Location.USR_BIN);
    }

    /** This command as one bash has built in, with no file ({@code /usr/bin} is the default). */
    Command builtIntoTheShell() {
        return new Command(name, stdin, action, Location.SHELL);
    }

    /** This command as one kept in {@code /bin} ({@code /usr/bin} is the default). */
    Command inBin() {
        return new Command(name, stdin, action, Location.BIN);
    }

    /** Adapts a command that only returns an exit status. */
    static Action status(ToIntFunction<Builtins.Call> run) {
        return call -> Builtins.Outcome.status(run.applyAsInt(call));
    }
}
