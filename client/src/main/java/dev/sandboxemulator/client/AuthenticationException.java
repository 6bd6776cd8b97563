package dev.sandboxemulator.client;

/**
 * The control plane rejected the credentials (HTTP 401). Check the API key or access token.
 *
 * <p>The message mirrors the SDK: {@code "Unauthorized, please check your credentials. - <server message>"}.
 */
public class AuthenticationException extends SandboxException {
    /** Creates an exception without an HTTP status. */
    public AuthenticationException(String message) {
        super(message);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public AuthenticationException(String message, int statusCode) {
        super(message, statusCode);
    }

    /** Creates an exception caused by an HTTP response with {@code statusCode}. */
    public AuthenticationException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
