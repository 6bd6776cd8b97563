package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A team, as the service has them: the sandboxes, running quota, clock and planted faults that
 * one API key reaches. Sandboxes of one tenant are invisible to every other (not found, and absent from
 * lists), which is what lets tests that run at the same time share one emulator.
 */
public final class Tenant {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Clock clock;
    private final VirtualTime time;
    private final CloneFaultPolicy faults;
    private final String dataPlaneId = randomId();
    final RunningQuota quota;

    /**
     * @param name for messages and logs
     * @param clock the tenant's clock: timestamps, timeouts
     * @param time the same clock as a scheduler, for the sandboxes' processes
     * @param runningQuota how many of its sandboxes may run at once
     * @param faults the faults planted for its clones
     */
    public Tenant(String name, Clock clock, VirtualTime time, int runningQuota, CloneFaultPolicy faults) {
        if (runningQuota < 1) {
            throw new IllegalArgumentException("runningQuota must be at least 1, was " + runningQuota);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.time = Objects.requireNonNull(time, "time");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.quota = new RunningQuota(runningQuota);
    }

    public String name() {
        return name;
    }

    /**
     * The tenant's own name on the data plane: a random word, not its API key (URLs end up in logs).
     * The server gives each tenant a data-plane URL with it, so that a request that names no sandbox
     * is routed among this tenant's sandboxes only.
     */
    public String dataPlaneId() {
        return dataPlaneId;
    }

    private static String randomId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public Clock clock() {
        return clock;
    }

    public VirtualTime time() {
        return time;
    }

    public CloneFaultPolicy faults() {
        return faults;
    }

    public int runningQuota() {
        return quota.limit();
    }

    @Override
    public String toString() {
        return "Tenant[" + name + "]";
    }
}
