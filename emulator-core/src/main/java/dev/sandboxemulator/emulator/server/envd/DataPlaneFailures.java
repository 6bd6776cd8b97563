package dev.sandboxemulator.emulator.server.envd;

import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.server.ErrorTable;
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
        if (failure instanceof EngineException) {
            return fromEngine((EngineException) failure, what);
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

    /** The service's own refusals: their Connect code and status come from the {@link ErrorTable}. */
    private static ConnectException fromEngine(EngineException e, String what) {
        ErrorTable.Answer answer = ErrorTable.answerFor(e);
        if (answer.internal()) {
            LOG.log(System.Logger.Level.ERROR, "unexpected engine failure serving " + what, e);
        }
        return new ConnectException(answer.connectCode(), e.getMessage(), answer.connectHttpStatus());
    }
}
