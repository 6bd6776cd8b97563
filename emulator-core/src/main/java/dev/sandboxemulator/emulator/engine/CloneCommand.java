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

    /**
     * A request as the caller sent it: a {@code null} is a field left out. Without a count one
     * copy is made; without {@code strict} a partial success keeps the copies made.
     */
    public static CloneCommand asRequested(Integer count, Boolean strict, Long timeoutSeconds) {
        return new CloneCommand(count == null ? 1 : count, Boolean.TRUE.equals(strict),
                timeoutSeconds == null ? OptionalLong.empty() : OptionalLong.of(timeoutSeconds));
    }
}
