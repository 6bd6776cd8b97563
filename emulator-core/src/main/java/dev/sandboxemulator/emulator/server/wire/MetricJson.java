package dev.sandboxemulator.emulator.server.wire;

/** The {@code SandboxMetric} schema; sizes in bytes. {@code memCache} is E2B's. */
public record MetricJson(String timestamp, long timestampUnix, int cpuCount, double cpuUsedPct, long memUsed,
                         long memTotal, long diskUsed, long diskTotal, long memCache) {
}
