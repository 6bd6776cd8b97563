package dev.sandboxemulator.client.internal;

/** The body returned by {@code GET /sandboxes/quota}. Every member may be missing. */
public record QuotaJson(LimitJson limit, UsageJson usage) {

    /** {@code limit}. */
    public record LimitJson(
            Integer concurrentInstances,
            Integer concurrentVcpu,
            Integer concurrentRamMb,
            Integer maxLengthHours,
            Integer diskMb,
            Integer maxVcpu,
            Integer maxRamMb) {}

    /** {@code usage}. */
    public record UsageJson(Integer concurrentInstances, Integer concurrentVcpu, Integer concurrentRamMb) {}
}
