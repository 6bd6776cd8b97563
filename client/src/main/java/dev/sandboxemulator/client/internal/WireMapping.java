package dev.sandboxemulator.client.internal;

import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.Quota;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxMetric;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.client.SnapshotInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns wire records into the public value types. A missing required member, an unknown state or a bad timestamp
 * becomes a {@link SandboxException} that names the member.
 */
public final class WireMapping {
    private WireMapping() {}

    /** Maps {@code SandboxDetail}; {@code envdAccessToken} and {@code domain} are dropped, like the SDK's getInfo. */
    public static SandboxInfo toSandboxInfo(SandboxDetailJson json) {
        Lifecycle lifecycle = null;
        if (json.lifecycle() != null) {
            lifecycle =
                    new Lifecycle(
                            onTimeout(json.lifecycle().onTimeout()), Boolean.TRUE.equals(json.lifecycle().autoResume()));
        }
        return new SandboxInfo(
                required(json.sandboxID(), "sandboxID"),
                required(json.templateID(), "templateID"),
                Optional.ofNullable(json.alias()),
                metadata(json.metadata()),
                instant(json.startedAt(), "startedAt"),
                instant(json.endAt(), "endAt"),
                state(json.state()),
                intOrZero(json.cpuCount()),
                intOrZero(json.memoryMB()),
                intOrZero(json.diskSizeMB()),
                required(json.envdVersion(), "envdVersion"),
                Optional.ofNullable(lifecycle),
                Optional.ofNullable(json.allowInternetAccess()));
    }


    /** Maps one metric sample; the RFC 3339 {@code timestamp} wins over {@code timestampUnix}. */
    public static SandboxMetric toMetric(SandboxMetricJson json) {
        Instant timestamp;
        if (json.timestamp() != null) {
            timestamp = instant(json.timestamp(), "timestamp");
        } else if (json.timestampUnix() != null) {
            timestamp = Instant.ofEpochSecond(json.timestampUnix());
        } else {
            throw ErrorMapper.malformed("missing timestamp", SandboxException.NO_STATUS, null);
        }
        return new SandboxMetric(
                timestamp,
                json.cpuUsedPct() == null ? 0.0 : json.cpuUsedPct(),
                intOrZero(json.cpuCount()),
                longOrZero(json.memUsed()),
                longOrZero(json.memTotal()),
                longOrZero(json.diskUsed()),
                longOrZero(json.diskTotal()));
    }

    /** Maps the quota; every missing member is 0. */
    public static Quota toQuota(QuotaJson json) {
        QuotaJson.LimitJson limit =
                json.limit() != null ? json.limit() : new QuotaJson.LimitJson(null, null, null, null, null, null, null);
        QuotaJson.UsageJson usage = json.usage() != null ? json.usage() : new QuotaJson.UsageJson(null, null, null);
        return new Quota(
                new Quota.Limit(
                        intOrZero(limit.concurrentInstances()),
                        intOrZero(limit.concurrentVcpu()),
                        intOrZero(limit.concurrentRamMb()),
                        intOrZero(limit.maxLengthHours()),
                        intOrZero(limit.diskMb()),
                        intOrZero(limit.maxVcpu()),
                        intOrZero(limit.maxRamMb())),
                new Quota.Usage(
                        intOrZero(usage.concurrentInstances()),
                        intOrZero(usage.concurrentVcpu()),
                        intOrZero(usage.concurrentRamMb())));
    }

    /** Maps a snapshot; missing names are an empty list. */
    public static SnapshotInfo toSnapshotInfo(SnapshotJson json) {
        return new SnapshotInfo(
                required(json.snapshotID(), "snapshotID"), json.names() == null ? List.of() : json.names());
    }

    /**
     * Returns {@code value}, or throws the malformed-response exception naming {@code member} when it is null.
     *
     * @throws SandboxException if {@code value} is null
     */
    public static String required(String value, String member) {
        if (value == null) {
            throw ErrorMapper.malformed("missing " + member, SandboxException.NO_STATUS, null);
        }
        return value;
    }

    private static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.containsKey(null) || metadata.containsValue(null)) {
            throw ErrorMapper.malformed("null in metadata", SandboxException.NO_STATUS, null);
        }
        return metadata;
    }

    private static Instant instant(String text, String member) {
        required(text, member);
        try {
            return Json.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw ErrorMapper.malformed(member + " is not an RFC 3339 timestamp: " + text, SandboxException.NO_STATUS, e);
        }
    }

    private static SandboxState state(String state) {
        try {
            return SandboxState.fromWire(required(state, "state"));
        } catch (IllegalArgumentException e) {
            throw ErrorMapper.malformed(e.getMessage(), SandboxException.NO_STATUS, e);
        }
    }

    private static Lifecycle.OnTimeout onTimeout(String onTimeout) {
        if (onTimeout == null) {
            return Lifecycle.OnTimeout.KILL;
        }
        try {
            return Lifecycle.OnTimeout.fromWire(onTimeout);
        } catch (IllegalArgumentException e) {
            throw ErrorMapper.malformed(e.getMessage(), SandboxException.NO_STATUS, e);
        }
    }

    private static int intOrZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long longOrZero(Long value) {
        return value == null ? 0L : value;
    }
}
