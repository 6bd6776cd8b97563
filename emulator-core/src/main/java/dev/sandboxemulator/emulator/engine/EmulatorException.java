package dev.sandboxemulator.emulator.engine;

/**
 * A request the emulator refuses, with the HTTP status the API answers it with. The message is
 * the one the caller sees, so it says what was wrong and, where it helps, what to do.
 */
public class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public EmulatorException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400: the request is malformed or out of range. */
    public static EmulatorException invalid(String message) {
        return new EmulatorException(400, message);
    }

    /** 401: missing or wrong credentials. */
    public static EmulatorException unauthorized(String message) {
        return new EmulatorException(401, message);
    }

    /** 404: no such sandbox (or route, or snapshot). */
    public static EmulatorException notFound(String message) {
        return new EmulatorException(404, message);
    }

    /** 409: the sandbox is in the wrong state for this call. */
    public static EmulatorException conflict(String message) {
        return new EmulatorException(409, message);
    }

    /** 429: the concurrent running sandboxes quota would be exceeded. */
    public static EmulatorException quotaExceeded(String message) {
        return new EmulatorException(429, message);
    }
}
