package dev.sandboxemulator.emulator.spi;

/** A backend could not do what the engine asked; the message says what and why. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
