package dev.sandboxemulator.emulator.engine.error;

/** Starting a sandbox (create, resume, clone) would exceed the tenant's quota of concurrently running sandboxes. */
public final class QuotaExceededException extends EngineException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
        super(message);
    }
}
