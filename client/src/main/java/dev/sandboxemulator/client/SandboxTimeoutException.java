package dev.sandboxemulator.client;

import java.net.http.HttpTimeoutException;

/**
 * No response arrived within the client's request timeout (see {@link SandboxClient.Builder#requestTimeout}). This is a
 * client-side timeout: the server may still have carried out the request.
 */
public class SandboxTimeoutException extends SandboxException {
    /** Creates an exception for a request that timed out on the client. */
    public SandboxTimeoutException(String message, HttpTimeoutException cause) {
        super(message, cause);
    }
}
