package dev.sandboxemulator.emulator.server;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.engine.error.CloneFailedException;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.engine.error.RequestTooLargeException;
import dev.sandboxemulator.emulator.engine.error.SandboxLimitExceededException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotFoundException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotRunningException;
import dev.sandboxemulator.emulator.engine.error.SnapshotNotFoundException;
import dev.sandboxemulator.emulator.engine.error.UnauthenticatedException;
import dev.sandboxemulator.emulator.engine.error.WrongSandboxStateException;
import dev.sandboxemulator.emulator.server.envd.ConnectCode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How each refusal of the service is answered on the wire, in one table: its REST status (the
 * control plane's {@code {"code", "message"}} body) and its Connect code with the HTTP status that
 * carries it (the data plane). Both planes read their answer here, so they cannot disagree.
 *
 * <p>On the data plane, a sandbox that cannot be reached for any reason (unknown, killed, paused,
 * in the wrong state) is {@code unavailable} with 502, as the service's edge proxy answers it; the
 * control plane names the reason. Every {@link EngineException} has a row: the class is sealed,
 * and loading this table fails if one of its kinds is missing.
 */
public final class ErrorTable {

    /**
     * One row.
     *
     * @param restStatus the control plane's HTTP status, also the {@code code} of its error body
     * @param connectCode the data plane's Connect code
     * @param connectHttpStatus the HTTP status of the data plane's answer (Connect errors, and {@code /files})
     */
    public record Answer(int restStatus, ConnectCode connectCode, int connectHttpStatus) {
        /** Whether no client could have caused it: a failure of the emulator or its backend, worth logging. */
        public boolean internal() {
            return connectCode == ConnectCode.INTERNAL;
        }
    }

    private static final Map<Class<? extends EngineException>, Answer> ROWS = Map.ofEntries(
            Map.entry(InvalidRequestException.class, new Answer(400, ConnectCode.INVALID_ARGUMENT, 400)),
            Map.entry(UnauthenticatedException.class, new Answer(401, ConnectCode.UNAUTHENTICATED, 401)),
            Map.entry(SandboxNotFoundException.class, new Answer(404, ConnectCode.UNAVAILABLE, 502)),
            Map.entry(SnapshotNotFoundException.class, new Answer(404, ConnectCode.UNAVAILABLE, 502)),
            Map.entry(WrongSandboxStateException.class, new Answer(409, ConnectCode.UNAVAILABLE, 502)),
            Map.entry(SandboxNotRunningException.class, new Answer(502, ConnectCode.UNAVAILABLE, 502)),
            Map.entry(RequestTooLargeException.class, new Answer(413, ConnectCode.RESOURCE_EXHAUSTED, 413)),
            Map.entry(QuotaExceededException.class, new Answer(429, ConnectCode.RESOURCE_EXHAUSTED, 429)),
            Map.entry(SandboxLimitExceededException.class, new Answer(429, ConnectCode.RESOURCE_EXHAUSTED, 429)),
            Map.entry(CloneFailedException.class, new Answer(500, ConnectCode.INTERNAL, 500)),
            Map.entry(BackendFailureException.class, new Answer(500, ConnectCode.INTERNAL, 500)));

    static {
        List<String> missing = Arrays.stream(EngineException.class.getPermittedSubclasses())
                .filter(kind -> !ROWS.containsKey(kind))
                .map(Class::getSimpleName)
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new ExceptionInInitializerError("the error table has no row for " + missing);
        }
    }

    private ErrorTable() {
    }

    /** The answer to {@code failure}. */
    public static Answer answerFor(EngineException failure) {
        return ROWS.get(failure.getClass());
    }

    /** Every kind of refusal the table answers, for tests. */
    static Map<Class<? extends EngineException>, Answer> rows() {
        return ROWS;
    }
}
