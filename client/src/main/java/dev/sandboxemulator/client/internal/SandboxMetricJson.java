package dev.sandboxemulator.client.internal;

/** One element of the {@code SandboxMetric[]} returned by {@code GET /sandboxes/{id}/metrics}. */
public record SandboxMetricJson(
        String timestamp,
        Long timestampUnix,
        Integer cpuCount,
        Double cpuUsedPct,
        Long memUsed,
        Long memTotal,
        Long diskUsed,
        Long diskTotal) {}
