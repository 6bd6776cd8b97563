package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Argument checks and defensive copies shared by the value types. */
final class Checks {
    private Checks() {}

    /** Returns an unmodifiable copy of {@code map} that keeps its iteration order and holds no null keys or values. */
    static Map<String, String> copyOf(Map<String, String> map, String name) {
        Objects.requireNonNull(map, name + " == null");
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach(
                (key, value) -> {
                    Objects.requireNonNull(key, name + " contains a null key");
                    Objects.requireNonNull(value, name + " contains a null value for key " + key);
                    copy.put(key, value);
                });
        return Collections.unmodifiableMap(copy);
    }

    /** Returns {@code duration} if it is neither null nor negative. */
    static Duration nonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " == null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " < 0: " + duration);
        }
        return duration;
    }

    /** Returns {@code id} if it is neither null nor empty. */
    static String id(String id, String name) {
        Objects.requireNonNull(id, name + " == null");
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return id;
    }
}
