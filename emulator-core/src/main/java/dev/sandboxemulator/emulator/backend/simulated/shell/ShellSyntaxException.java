package dev.sandboxemulator.emulator.backend.simulated.shell;

/**
 * A script that bash would reject, or one that uses syntax the simulated shell does not offer.
 * The message is what bash would print on stderr (without the trailing newline).
 */
public final class ShellSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShellSyntaxException(String message) {
        super(message);
    }
}
