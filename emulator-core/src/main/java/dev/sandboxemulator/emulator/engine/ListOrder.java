package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

/** The order of a sandbox listing: by start time, oldest first ({@code asc}) or newest first ({@code desc}). */
public enum ListOrder {
    ASC("asc"), DESC("desc");

    private final String wireName;

    ListOrder(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The order named {@code asc} or {@code desc} (any case); anything else is a 400. */
    public static ListOrder fromWire(String name) {
        for (ListOrder order : values()) {
            if (order.wireName.equalsIgnoreCase(name)) {
                return order;
            }
        }
        throw new InvalidRequestException("invalid order '" + name + "': expected 'asc' or 'desc'");
    }
}
