package dev.sandboxemulator.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One resource-usage sample of a sandbox. Instances are immutable.
 *
 * @param timestamp when the sample was taken
 * @param cpuUsedPct CPU usage in percent
 * @param cpuCount the number of vCPUs
 * @param memUsed used memory in bytes
 * @param memTotal total memory in bytes
 * @param diskUsed used disk space in bytes
 * @param diskTotal total disk space in bytes
 */
public record SandboxMetric(
        Instant timestamp, double cpuUsedPct, int cpuCount, long memUsed, long memTotal, long diskUsed, long diskTotal) {

    /** Checks that {@code timestamp} is not null. */
    public SandboxMetric {
        Objects.requireNonNull(timestamp, "timestamp == null");
    }
}
