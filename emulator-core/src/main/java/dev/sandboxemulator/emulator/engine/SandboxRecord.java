package dev.sandboxemulator.emulator.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine's mutable record of one sandbox. Every field that changes is guarded by
 * {@link #lock}; a clone holds it while the parent is suspended, which is what makes other calls
 * to the parent wait for the snapshot.
 *
 * <p>Data-plane calls (files, processes) take the {@link #inUse} side of the same hold, so
 * that many can run at once but a kill, pause or snapshot waits for the ones under way and
 * later ones find the sandbox gone or paused rather than half torn down.
 */
final class SandboxRecord {
    private final ReentrantReadWriteLock hold = new ReentrantReadWriteLock();
    /** Exclusive: control-plane calls that read or change the record. */
    final Lock lock = hold.writeLock();
    /** Shared: data-plane calls that use the sandbox's backend while it must stay as it is. */
    final Lock inUse = hold.readLock();
    /** Processes and watches its data-plane clients hold open. */
    final SandboxUsage usage = new SandboxUsage();
    final Tenant tenant;

    final String id;
    final String clientId;
    final String templateId;
    final Map<String, String> metadata;
    final Map<String, String> envVars;
    final Lifecycle lifecycle;
    final boolean secure;
    final String accessToken;
    final int cpuCount;
    final int memoryMb;
    final int diskSizeMb;
    final String envdVersion;
    final String parentId;
    /** Creation order, so listings are stable when two sandboxes start in the same instant. */
    final long sequence;

    SandboxState state = SandboxState.RUNNING;
    Instant startedAt;
    Instant endAt;
    long timeoutSeconds;
    boolean removed;
    /** Changed by a network update, as are the rules below; neither is enforced. */
    boolean allowInternetAccess;
    NetworkConfig network = NetworkConfig.NONE;

    SandboxRecord(Tenant tenant, String id, String clientId, String templateId, Map<String, String> metadata, Map<String, String> envVars,
                  Lifecycle lifecycle, boolean secure, String accessToken, boolean allowInternetAccess, int cpuCount,
                  int memoryMb, int diskSizeMb, String envdVersion, String parentId, long sequence) {
        this.tenant = tenant;
        this.id = id;
        this.clientId = clientId;
        this.templateId = templateId;
        this.metadata = Map.copyOf(metadata);
        this.envVars = Map.copyOf(envVars);
        this.lifecycle = lifecycle;
        this.secure = secure;
        this.accessToken = accessToken;
        this.allowInternetAccess = allowInternetAccess;
        this.cpuCount = cpuCount;
        this.memoryMb = memoryMb;
        this.diskSizeMb = diskSizeMb;
        this.envdVersion = envdVersion;
        this.parentId = parentId;
        this.sequence = sequence;
    }

    /** Must be called with the lock held. */
    SandboxView view() {
        return new SandboxView(id, clientId, templateId, Optional.empty(), metadata, envVars, state, startedAt, endAt,
                timeoutSeconds, lifecycle, secure, Optional.ofNullable(accessToken), allowInternetAccess, cpuCount,
                memoryMb, diskSizeMb, envdVersion, Optional.ofNullable(parentId), network);
    }
}
