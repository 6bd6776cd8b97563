package dev.sandboxemulator.emulator.server.envd;

import java.util.Locale;

/** Connect error codes and the HTTP statuses the Connect protocol pairs them with. */
public enum ConnectCode {
    CANCELED(499), UNKNOWN(500), INVALID_ARGUMENT(400), DEADLINE_EXCEEDED(504), NOT_FOUND(404), ALREADY_EXISTS(409),
    PERMISSION_DENIED(403), RESOURCE_EXHAUSTED(429), FAILED_PRECONDITION(400), ABORTED(409), OUT_OF_RANGE(400),
    UNIMPLEMENTED(501), INTERNAL(500), UNAVAILABLE(503), DATA_LOSS(500), UNAUTHENTICATED(401);

    private final int httpStatus;

    ConnectCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The wire name: snake_case, such as {@code not_found}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
