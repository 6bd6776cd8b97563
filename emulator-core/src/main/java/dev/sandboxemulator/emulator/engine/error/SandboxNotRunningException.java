package dev.sandboxemulator.emulator.engine.error;

/** A data-plane request reached a sandbox that is not running: killed, timed out, never made, or paused without auto-resume. */
public final class SandboxNotRunningException extends EngineException {
    private static final long serialVersionUID = 1L;

    public SandboxNotRunningException(String message) {
        super(message);
    }
}
