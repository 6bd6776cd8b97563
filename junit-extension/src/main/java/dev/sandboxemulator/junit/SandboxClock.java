package dev.sandboxemulator.junit;

/** Which clock a {@link SandboxTest} runs on. */
public enum SandboxClock {
    /** The configuration's default, {@link #MANUAL} unless {@code sandbox.emulator.clock} says otherwise. */
    DEFAULT,
    /** A {@code ManualClock} of the test's own: time moves only when the test advances it. */
    MANUAL,
    /** The system clock: timeouts and {@code sleep} take real time. */
    SYSTEM
}
