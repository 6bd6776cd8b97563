package dev.sandboxemulator.client;

import java.net.http.HttpTimeoutException;

/**
 * Something ran out of time. Either no response arrived within the client's request timeout (see
 * {@link SandboxClient.Builder#requestTimeout}), in which case the server may still have carried out the request; or
 * envd reported a timeout: a command or watch exceeded its own timeout (Connect code {@code deadline_exceeded}), a
 * request was canceled ({@code canceled}), or the sandbox is unreachable, most likely because its timeout expired
 * ({@code unavailable}, or HTTP 502 from envd's proxy).
 */
public class SandboxTimeoutException extends SandboxException {
    /** Creates an exception for a request that timed out on the client. */
    public SandboxTimeoutException(String message, HttpTimeoutException cause) {
        super(message, cause);
    }

    /** Creates an exception for a timeout reported by the server, without an HTTP status. */
    public SandboxTimeoutException(String message) {
        super(message);
    }

    /** Creates an exception for a timeout reported by the server in an HTTP response with {@code statusCode}. */
    public SandboxTimeoutException(String message, int statusCode) {
        super(message, statusCode);
    }
}
