package dev.sandboxemulator.client;

/**
 * The sandbox exists, but its state does not allow the call (HTTP 409): for example forking a paused sandbox, which
 * must be resumed ({@link SandboxClient#connect}) first.
 */
public class SandboxStateException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public SandboxStateException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxStateException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxStateException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
