package dev.sandboxemulator.emulator.engine.error;

/** One sandbox already uses as many of a data-plane resource (processes, watches) as it may. */
public final class SandboxLimitExceededException extends EngineException {
    private static final long serialVersionUID = 1L;

    public SandboxLimitExceededException(String message) {
        super(message);
    }
}
