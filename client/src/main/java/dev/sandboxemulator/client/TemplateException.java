package dev.sandboxemulator.client;

/**
 * The template the sandbox was created from cannot be used by this client, for example because its envd is older than
 * 0.1.0. When {@code create} throws this exception it has already tried to kill the sandbox it created.
 */
public class TemplateException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public TemplateException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public TemplateException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public TemplateException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
