package dev.sandboxemulator.emulator.engine;

import java.time.Instant;

/**
 * One metrics reading of a sandbox; sizes in bytes.
 *
 * @param memCache memory used as page cache (E2B's {@code memCache}); 0 where the backend has no figure
 */
public record MetricSample(Instant timestamp, int cpuCount, double cpuUsedPct, long memUsed, long memTotal,
                           long diskUsed, long diskTotal, long memCache) {
}
