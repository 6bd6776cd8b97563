package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A list filter and page request. Metadata pairs are ANDed; an empty state set means both states.
 *
 * @param order by start time, oldest first unless {@link ListOrder#DESC}
 * @param startedAfter only sandboxes started strictly after this instant
 * @param template only sandboxes of this template: an id, or a name without a tag that matches every tag of it
 */
public record ListQuery(Map<String, String> metadata, Set<SandboxState> states, int limit, Optional<String> nextToken,
                        ListOrder order, Optional<Instant> startedAfter, Optional<String> template) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        metadata = Map.copyOf(metadata);
        states = states.isEmpty() ? EnumSet.allOf(SandboxState.class) : EnumSet.copyOf(states);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(startedAfter, "startedAfter");
        Objects.requireNonNull(template, "template");
    }

    /** Novita's list: no order, start or template filter. */
    public ListQuery(Map<String, String> metadata, Set<SandboxState> states, int limit, Optional<String> nextToken) {
        this(metadata, states, limit, nextToken, ListOrder.ASC, Optional.empty(), Optional.empty());
    }
}
