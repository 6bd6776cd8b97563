package dev.sandboxemulator.emulator.engine;

import java.util.OptionalLong;

/**
 * A clone request.
 *
 * @param count how many copies, at least 1
 * @param strict whether a partial success fails and removes the copies made
 * @param timeoutSeconds the copies' lifetime; absent to inherit (running parent) or take 5 minutes (paused parent)
 */
public record CloneCommand(int count, boolean strict, OptionalLong timeoutSeconds) {
}
