package dev.sandboxemulator.client.internal;

import java.time.Duration;

/** Duration arithmetic of the wire format. */
public final class Durations {
    private Durations() {}

    /** Returns {@code duration} in whole seconds, rounded up, like the SDK's {@code Math.ceil(ms / 1000)}. */
    public static long toWireSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? Math.addExact(seconds, 1) : seconds;
    }
}
