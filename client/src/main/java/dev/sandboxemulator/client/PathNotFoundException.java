package dev.sandboxemulator.client;

/**
 * A path inside the sandbox does not exist (HTTP 404 from {@code /files}, or {@code not_found} from a filesystem RPC):
 * a file to read, a directory to list or watch, a source to rename.
 *
 * <p>Named for what is missing, a path, so that it does not shadow the checked, local
 * {@link java.io.FileNotFoundException}, to which it is unrelated.
 */
public class PathNotFoundException extends NotFoundException {
    /** Creates an exception without an HTTP status. */
    public PathNotFoundException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public PathNotFoundException(String message, int statusCode) {
        super(message, statusCode);
    }
}
