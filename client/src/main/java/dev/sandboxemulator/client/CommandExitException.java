package dev.sandboxemulator.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A command exited with a non-zero exit code, like the SDK's {@code CommandExitError}. The command did run: its output
 * is here.
 */
public class CommandExitException extends SandboxException {
    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    /** Creates the exception for {@code result}. */
    public CommandExitException(CommandResult result) {
        super(message(Objects.requireNonNull(result, "result == null")));
        this.result = result;
    }

    /** Returns how the command ended. */
    public CommandResult result() {
        return result;
    }

    /** Returns the exit code. */
    public int exitCode() {
        return result.exitCode();
    }

    /** Returns the command's standard output. */
    public String stdout() {
        return result.stdout();
    }

    /** Returns the command's standard error. */
    public String stderr() {
        return result.stderr();
    }

    /** Returns envd's description of the exit, such as {@code "exit status 3"}. */
    public Optional<String> error() {
        return result.error();
    }

    private static String message(CommandResult result) {
        return "Command exited with code " + result.exitCode() + result.error().map(e -> ": " + e).orElse("");
    }
}
