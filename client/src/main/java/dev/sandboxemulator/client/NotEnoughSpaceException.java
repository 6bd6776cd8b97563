package dev.sandboxemulator.client;

/**
 * The sandbox's disk is full (HTTP 507 from {@code /files}). Files written by the same request before the failure may
 * exist.
 */
public class NotEnoughSpaceException extends SandboxException {
    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public NotEnoughSpaceException(String message, int statusCode) {
        super(message, statusCode);
    }
}
