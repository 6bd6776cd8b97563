package dev.sandboxemulator.client.internal;

import dev.sandboxemulator.client.SandboxException;
import java.util.Objects;

/**
 * A Connect error as it arrived from envd, before it becomes a public exception.
 *
 * @param code the snake_case Connect code, such as {@code not_found}
 * @param message the server's message, or a description of the protocol violation
 * @param httpStatus the HTTP status that carried the error, or {@link SandboxException#NO_STATUS} when it came in a
 *     stream's end-stream message or from a broken stream
 */
public record RpcError(String code, String message, int httpStatus) {
    /** Checks for nulls. */
    public RpcError {
        Objects.requireNonNull(code, "code == null");
        Objects.requireNonNull(message, "message == null");
    }

    /** Returns true if the code is {@code code}. */
    public boolean is(String code) {
        return this.code.equals(code);
    }

    /**
     * Returns the public exception for this error (see {@link ErrorMapper}).
     *
     * @param fileScoped whether the call was a filesystem RPC
     */
    public SandboxException toException(boolean fileScoped) {
        return ErrorMapper.fromRpc(code, message, httpStatus, fileScoped);
    }

    /** Thrown by {@link ServerStream#next()} when the stream ends with an error or breaks the protocol. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient RpcError error;

        /** Creates the failure for {@code error}. */
        public Failure(RpcError error) {
            super(error.code() + ": " + error.message(), null, false, false);
            this.error = error;
        }

        /** Returns the error. */
        public RpcError error() {
            return error;
        }
    }
}
