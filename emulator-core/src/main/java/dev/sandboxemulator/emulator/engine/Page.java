package dev.sandboxemulator.emulator.engine;

import java.util.List;
import java.util.Optional;

/** One page of a listing, and the token for the next one when there is more. */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
