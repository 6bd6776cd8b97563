package dev.sandboxemulator.client;

/**
 * The sandbox does not exist: it was never created, it was killed, or its timeout expired without auto-pause.
 *
 * <p>The message mirrors the SDK: {@code "Sandbox <id> not found"}, or {@code "Paused sandbox <id> not found"} from
 * {@code connect}. envd raises it when a process or watch stream reports {@code unavailable} before its first event.
 */
public class SandboxNotFoundException extends NotFoundException {
    /** Creates an exception without an HTTP status. */
    public SandboxNotFoundException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxNotFoundException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public SandboxNotFoundException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
