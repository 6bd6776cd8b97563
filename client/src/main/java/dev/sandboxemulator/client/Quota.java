package dev.sandboxemulator.client;

import java.util.Objects;

/**
 * The account's quota and its current usage, as returned by {@link SandboxClient#getQuota}. Fields the server leaves out
 * are 0. Instances are immutable.
 *
 * @param limit the account's limits
 * @param usage the resources currently in use
 */
public record Quota(Limit limit, Usage usage) {
    /** Checks for nulls. */
    public Quota {
        Objects.requireNonNull(limit, "limit == null");
        Objects.requireNonNull(usage, "usage == null");
    }

    /**
     * The account's limits.
     *
     * @param concurrentInstances the maximum number of concurrent sandboxes
     * @param concurrentVcpu the maximum number of vCPUs in use at once
     * @param concurrentRamMb the maximum memory in use at once, in MiB
     * @param maxLengthHours the maximum session length in hours
     * @param diskMb the disk size per sandbox, in MiB
     * @param maxVcpu the maximum number of vCPUs per sandbox
     * @param maxRamMb the maximum memory per sandbox, in MiB
     */
    public record Limit(
            int concurrentInstances,
            int concurrentVcpu,
            int concurrentRamMb,
            int maxLengthHours,
            int diskMb,
            int maxVcpu,
            int maxRamMb) {}

    /**
     * The resources currently in use.
     *
     * @param concurrentInstances the number of sandboxes counted against the quota
     * @param concurrentVcpu the number of vCPUs in use
     * @param concurrentRamMb the memory in use, in MiB
     */
    public record Usage(int concurrentInstances, int concurrentVcpu, int concurrentRamMb) {}
}
