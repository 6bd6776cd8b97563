package dev.sandboxemulator.emulator.engine.error;

/**
 * A request the service refuses, named for what happened rather than for how it is answered:
 * the server's error table decides the REST status and the Connect code, so the two planes
 * cannot disagree. The message is the one the caller sees, so it says what was wrong and, where
 * it helps, what to do. Sealed so that a new kind of refusal cannot be thrown before the table
 * has a row for it.
 */
public abstract sealed class EngineException extends RuntimeException
        permits InvalidRequestException, UnauthenticatedException, SandboxNotFoundException, SnapshotNotFoundException,
        SandboxNotRunningException, WrongSandboxStateException, QuotaExceededException, SandboxLimitExceededException,
        RequestTooLargeException, CloneFailedException, BackendFailureException {
    private static final long serialVersionUID = 1L;

    EngineException(String message) {
        super(message);
    }
}
