package dev.sandboxemulator.emulator.engine.dataplane;

/** What envd's health check finds of a sandbox, without waking it. */
public enum SandboxHealth {
    /** Running: envd answers. */
    RUNNING,
    /** Paused: nothing answers until it is resumed. */
    PAUSED,
    /** Killed, timed out, never made, or another tenant's: nothing answers. */
    ABSENT
}
