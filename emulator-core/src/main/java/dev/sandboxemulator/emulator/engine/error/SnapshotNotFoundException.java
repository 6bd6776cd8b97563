package dev.sandboxemulator.emulator.engine.error;

/** No snapshot of the caller's tenant has this id. */
public final class SnapshotNotFoundException extends EngineException {
    private static final long serialVersionUID = 1L;

    public SnapshotNotFoundException(String message) {
        super(message);
    }
}
