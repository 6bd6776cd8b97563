package dev.sandboxemulator.emulator;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to open a tenant with {@link SandboxEmulator#newTenant}: its API key, its clock and its
 * running quota, each defaulting to something sensible. Immutable; derive changed copies with the
 * {@code with…} methods.
 *
 * @param apiKey the key its clients send; generated when empty
 * @param clock its own clock (a fresh {@link ManualClock} for a test that moves time); the emulator's when empty
 * @param runningQuota how many of its sandboxes may run at once; the emulator's quota when empty
 */
public record TenantOptions(Optional<String> apiKey, Optional<Clock> clock, OptionalInt runningQuota) {

    public TenantOptions {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(runningQuota, "runningQuota");
        apiKey.ifPresent(key -> {
            if (key.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
        });
        runningQuota.ifPresent(quota -> {
            if (quota < 1) {
                throw new IllegalArgumentException("runningQuota < 1: " + quota);
            }
        });
    }

    /** A generated key, the emulator's clock and quota. */
    public static TenantOptions defaults() {
        return new TenantOptions(Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    public TenantOptions withApiKey(String key) {
        return new TenantOptions(Optional.of(key), clock, runningQuota);
    }

    public TenantOptions withClock(Clock tenantClock) {
        return new TenantOptions(apiKey, Optional.of(tenantClock), runningQuota);
    }

    /** Its own fresh {@link ManualClock}, starting at {@link ManualClock#DEFAULT_START}. */
    public TenantOptions withManualClock() {
        return withClock(ManualClock.create());
    }

    public TenantOptions withRunningQuota(int quota) {
        return new TenantOptions(apiKey, clock, OptionalInt.of(quota));
    }
}
