package dev.sandboxemulator.client;

/**
 * The base class of every error this client reports. It is unchecked, like the official SDK's {@code SandboxError}.
 *
 * <p>An exception that was caused by an HTTP response carries its status in {@link #statusCode()}; one that was raised
 * before or without a response (a client-side check, a timeout, a broken connection) reports {@code -1}.
 */
public class SandboxException extends RuntimeException {
    /** The value of {@link #statusCode()} when no HTTP response caused the exception. */
    public static final int NO_STATUS = -1;

    private final int statusCode;

    /** Creates an exception without an HTTP status. */
    public SandboxException(String message) {
        this(message, NO_STATUS, null);
    }

    /** Creates an exception without an HTTP status. */
    public SandboxException(String message, Throwable cause) {
        this(message, NO_STATUS, cause);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxException(String message, int statusCode) {
        this(message, statusCode, null);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** Returns the HTTP status of the response that caused this exception, or {@code -1} when there was none. */
    public int statusCode() {
        return statusCode;
    }
}
