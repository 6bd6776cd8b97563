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
 * @param memoryMb every sandbox's memory: reported, and the container backends' limit
 * @param diskSizeMb disk reported for every sandbox
 * @param envdVersion the envd version reported to SDKs; it gates SDK features, so keep it recent
 */
public record EngineSettings(int runningQuota, Duration maxTimeout, Duration longRunningMaxTimeout,
                             Duration pausedParentCloneTimeout, int cpuCount, int memoryMb, int diskSizeMb,
                             String envdVersion) {

    /** The least memory a sandbox may have: what its shell, its supervisor and a small command need. */
    public static final int MIN_MEMORY_MB = 64;

    public static final EngineSettings DEFAULTS = new EngineSettings(100, Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofMinutes(5), 2, 512, 20480, "0.5.7");

    public EngineSettings {
        if (runningQuota < 1) {
            throw new IllegalArgumentException("runningQuota must be at least 1, was " + runningQuota);
        }
        if (memoryMb < MIN_MEMORY_MB) {
            throw new IllegalArgumentException("a sandbox's memory must be at least " + MIN_MEMORY_MB + " MiB, was " + memoryMb);
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

    public EngineSettings withMemoryMb(int mib) {
        return new EngineSettings(runningQuota, maxTimeout, longRunningMaxTimeout, pausedParentCloneTimeout, cpuCount, mib,
                diskSizeMb, envdVersion);
    }
}
