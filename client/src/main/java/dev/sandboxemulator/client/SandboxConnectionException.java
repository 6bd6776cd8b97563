package dev.sandboxemulator.client;

import java.io.IOException;

/**
 * The request could not be completed because of an I/O problem: the connection was refused or reset, the host could not
 * be resolved, or the response could not be read. Because the failure may happen mid-exchange, the server may already
 * have carried out the request.
 */
public class SandboxConnectionException extends SandboxException {
    /** Creates an exception for the I/O failure {@code cause}. */
    public SandboxConnectionException(String message, IOException cause) {
        super(message, cause);
    }

    /** Returns the I/O failure that caused this exception. */
    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
