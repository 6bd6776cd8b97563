package dev.sandboxemulator.emulator.engine;

import java.time.Instant;

/** One metrics reading of a sandbox; sizes in bytes. */
public record MetricSample(Instant timestamp, int cpuCount, double cpuUsedPct, long memUsed, long memTotal,
                           long diskUsed, long diskTotal) {
}
