package dev.sandboxemulator.client;

/**
 * The control plane refused the request because a rate or concurrency limit was reached (HTTP 429). The request may be
 * retried later, or after other sandboxes are killed or paused.
 *
 * <p>The message mirrors the SDK: {@code "Rate limit exceeded, please try again later - <server message>"}.
 */
public class RateLimitException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public RateLimitException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public RateLimitException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public RateLimitException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
