package dev.sandboxemulator.emulator.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's rules that a user may tune.
 *
 * @param runningQuota how many sandboxes may run at once (paused ones do not count)
 * @param maxTimeout the cap on any sandbox lifetime (1 h, as Novita documents)
 * @param longRunningMaxTimeout the cap for sandboxes whose metadata has {@code long_running=true}
 * @param pausedParentCloneTimeout the lifetime of clones of a paused parent when the request gives none
 * @param cpuCount vCPUs reported for every sandbox
 * @param memoryMb memory reported for every sandbox
 * @param diskSizeMb disk reported for every sandbox
 * @param envdVersion the envd version reported to SDKs; it gates SDK features, so keep it recent
 */
public record EngineSettings(int runningQuota, Duration maxTimeout, Duration longRunningMaxTimeout,
                             Duration pausedParentCloneTimeout, int cpuCount, int memoryMb, int diskSizeMb,
                             String envdVersion) {

    public static final EngineSettings DEFAULTS = new EngineSettings(100, Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofMinutes(5), 2, 512, 20480, "0.5.7");

    public EngineSettings {
        if (runningQuota < 1) {
            throw new IllegalArgumentException("runningQuota must be at least 1, was " + runningQuota);
        }
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(longRunningMaxTimeout, "longRunningMaxTimeout");
        Objects.requireNonNull(pausedParentCloneTimeout, "pausedParentCloneTimeout");
        Objects.requireNonNull(envdVersion, "envdVersion");
    }

    public EngineSettings withMaxTimeout(Duration timeout) {
        return new EngineSettings(runningQuota, timeout, longRunningMaxTimeout, pausedParentCloneTimeout, cpuCount, memoryMb,
                diskSizeMb, envdVersion);
    }

    public EngineSettings withRunningQuota(int quota) {
        return new EngineSettings(quota, maxTimeout, longRunningMaxTimeout, pausedParentCloneTimeout, cpuCount, memoryMb,
                diskSizeMb, envdVersion);
    }
}
