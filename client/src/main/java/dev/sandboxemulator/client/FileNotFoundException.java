package dev.sandboxemulator.client;

/**
 * A path inside the sandbox does not exist (HTTP 404 from {@code /files}, or {@code not_found} from a filesystem RPC).
 * Unrelated to {@link java.io.FileNotFoundException}, which is checked and local.
 */
public class FileNotFoundException extends NotFoundException {
    /** Creates an exception without an HTTP status. */
    public FileNotFoundException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public FileNotFoundException(String message, int statusCode) {
        super(message, statusCode);
    }
}
