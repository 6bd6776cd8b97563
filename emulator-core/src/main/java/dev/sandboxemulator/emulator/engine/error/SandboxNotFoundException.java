package dev.sandboxemulator.emulator.engine.error;

/** No sandbox of the caller's tenant has this id: never made, killed, timed out, or another tenant's. */
public final class SandboxNotFoundException extends EngineException {
    private static final long serialVersionUID = 1L;

    public SandboxNotFoundException(String message) {
        super(message);
    }
}
