package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} view of a {@link VirtualTime}, so file times follow the sandbox's own clock. */
final class VirtualTimeClock extends Clock {
    private final VirtualTime time;

    VirtualTimeClock(VirtualTime time) {
        this.time = time;
    }

    @Override
    public Instant instant() {
        return time.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("sandbox clocks are in UTC");
    }
}
