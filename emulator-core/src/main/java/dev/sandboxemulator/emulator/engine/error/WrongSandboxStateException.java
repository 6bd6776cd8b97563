package dev.sandboxemulator.emulator.engine.error;

/** The sandbox exists but its state does not allow this call, such as pausing a paused sandbox. */
public final class WrongSandboxStateException extends EngineException {
    private static final long serialVersionUID = 1L;

    public WrongSandboxStateException(String message) {
        super(message);
    }
}
