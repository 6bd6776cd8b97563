package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.util.Locale;

/** The states the API knows. Killed is not a state: a killed sandbox is gone. */
public enum SandboxState {
    RUNNING, PAUSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; unknown names are an invalid request. */
    public static SandboxState fromWire(String name) {
        for (SandboxState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new InvalidRequestException("unknown sandbox state '" + name + "'; expected 'running' or 'paused'");
    }
}
