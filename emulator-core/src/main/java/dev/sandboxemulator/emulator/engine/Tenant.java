package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.time.Clock;
import java.util.Objects;

/**
 * A team, as the service has them: the sandboxes, running quota, clock and planted faults that
 * one API key reaches. Sandboxes of one tenant are invisible to every other (not found, and absent from
 * lists), which is what lets tests that run at the same time share one emulator.
 */
public final class Tenant {
    private final String name;
    private final Clock clock;
    private final VirtualTime time;
    private final CloneFaultPolicy faults;
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
