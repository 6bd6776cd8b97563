package dev.sandboxemulator.client;

/**
 * Something the request named does not exist: a sandbox, a file, or a process. Catch this to handle every kind of
 * "not found"; catch a subclass to handle one.
 *
 * <p>envd reports it as the Connect code {@code not_found} or as HTTP 404. Calls that turn "not found" into a result
 * ({@link Filesystem#exists}, {@link Commands#kill}) do not throw it.
 */
public class NotFoundException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public NotFoundException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public NotFoundException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public NotFoundException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
