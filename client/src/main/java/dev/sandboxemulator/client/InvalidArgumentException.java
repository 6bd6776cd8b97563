package dev.sandboxemulator.client;

/**
 * The control plane rejected the request as invalid (HTTP 400). The message is {@code "400: <server message>"}.
 */
public class InvalidArgumentException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public InvalidArgumentException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public InvalidArgumentException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public InvalidArgumentException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
