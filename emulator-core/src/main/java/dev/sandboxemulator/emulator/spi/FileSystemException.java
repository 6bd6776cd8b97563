package dev.sandboxemulator.emulator.spi;

/** A filesystem operation failed for a reason the caller can act on. */
public class FileSystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why it failed; these map one to one onto envd's error codes. */
    public enum Reason {
        NOT_FOUND, ALREADY_EXISTS, NOT_A_DIRECTORY, IS_A_DIRECTORY, INVALID_PATH,
        /** The path is longer than PATH_MAX, or one of its names longer than NAME_MAX (ENAMETOOLONG). */
        NAME_TOO_LONG
    }

    private final Reason reason;
    private final String path;

    public FileSystemException(Reason reason, String path, String message) {
        super(message);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public String path() {
        return path;
    }
}
