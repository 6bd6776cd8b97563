package dev.sandboxemulator.emulator.server.envd;

/** A Connect RPC failure, rendered as {@code {"code": "<code>", "message": ...}}. */
final class ConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ConnectCode code;
    private final int httpStatusOverride;

    ConnectException(ConnectCode code, String message) {
        this(code, message, 0);
    }

    /** An error whose HTTP status differs from the code's usual one (the edge proxy's 502). */
    ConnectException(ConnectCode code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatusOverride = httpStatus;
    }

    ConnectCode code() {
        return code;
    }

    int httpStatus() {
        return httpStatusOverride != 0 ? httpStatusOverride : code.httpStatus();
    }
}
