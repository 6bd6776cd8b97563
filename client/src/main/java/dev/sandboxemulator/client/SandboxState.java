package dev.sandboxemulator.client;

import java.util.Locale;

/** The state of a sandbox as the control plane reports it. A killed sandbox has no state: it no longer exists. */
public enum SandboxState {
    /** The sandbox is running and its timeout clock is ticking. */
    RUNNING("running"),
    /** The sandbox is paused; its filesystem and memory are kept, and {@code connect} resumes it. */
    PAUSED("paused");

    private final String wireValue;

    SandboxState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** Returns the value used on the wire, {@code "running"} or {@code "paused"}. */
    public String wireValue() {
        return wireValue;
    }

    /**
     * Returns the state whose wire value is {@code value}, ignoring case.
     *
     * @throws IllegalArgumentException if {@code value} is not a known state
     */
    public static SandboxState fromWire(String value) {
        if (value != null) {
            String lower = value.toLowerCase(Locale.ROOT);
            for (SandboxState state : values()) {
                if (state.wireValue.equals(lower)) {
                    return state;
                }
            }
        }
        throw new IllegalArgumentException("unknown sandbox state: " + value);
    }
}
