package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A list filter and page request. Metadata pairs are ANDed; an empty state set means both states.
 */
public record ListQuery(Map<String, String> metadata, Set<SandboxState> states, int limit, Optional<String> nextToken) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        metadata = Map.copyOf(metadata);
        states = states.isEmpty() ? EnumSet.allOf(SandboxState.class) : EnumSet.copyOf(states);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }
}
