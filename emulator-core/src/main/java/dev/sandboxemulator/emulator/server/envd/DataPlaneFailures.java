package dev.sandboxemulator.emulator.server.envd;

import dev.sandboxemulator.emulator.engine.EmulatorException;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.ProcessException;

/**
 * The one rule by which every data-plane failure becomes an answer. Whatever a filesystem,
 * process, engine or backend call throws, envd answers a Connect error with the right code (or,
 * on {@code /files}, the HTTP status that code stands for): never a control-plane body, and
 * never a 5xx for the client's own mistake. Only what no client could have caused is an
 * {@code internal} error, and only that is logged as one.
 */
final class DataPlaneFailures {
    private static final System.Logger LOG = System.getLogger(DataPlaneFailures.class.getName());

    private DataPlaneFailures() {
    }

    /** The Connect error for {@code failure}, met while serving {@code what}. */
    static ConnectException toConnect(Throwable failure, String what) {
        if (failure instanceof ConnectException) {
            return (ConnectException) failure;
        }
        if (failure instanceof FileSystemException) {
            return FilesystemRpc.map((FileSystemException) failure);
        }
        if (failure instanceof ProcessException) {
            return ProcessRpc.map((ProcessException) failure);
        }
        if (failure instanceof EmulatorException) {
            return fromEngine((EmulatorException) failure, what);
        }
        if (failure instanceof BackendException) {
            // The sandbox's machinery failed under a valid request (a container gone, an engine
            // that stopped answering): to the SDK that is a sandbox it cannot reach.
            LOG.log(System.Logger.Level.WARNING, what + ": the backend failed", failure);
            return new ConnectException(ConnectCode.UNAVAILABLE, "the sandbox cannot serve this request: "
                    + failure.getMessage(), 502);
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + what, failure);
        return new ConnectException(ConnectCode.INTERNAL, "internal emulator error (" + failure.getClass().getSimpleName()
                + "); the emulator's log has the details");
    }

    private static ConnectException fromEngine(EmulatorException e, String what) {
        switch (e.status()) {
            case 400:
                return new ConnectException(ConnectCode.INVALID_ARGUMENT, e.getMessage());
            case 401:
                return new ConnectException(ConnectCode.UNAUTHENTICATED, e.getMessage());
            case 413:
            case 429:
                return new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, e.getMessage(), e.status());
            case 404:
            case 409:
            case 502:
                // Not found, paused or killed: what the edge proxy answers for a sandbox that is not running.
                return new ConnectException(ConnectCode.UNAVAILABLE, e.getMessage(), 502);
            default:
                LOG.log(System.Logger.Level.ERROR, "unexpected engine failure serving " + what, e);
                return new ConnectException(ConnectCode.INTERNAL, e.getMessage());
        }
    }
}
