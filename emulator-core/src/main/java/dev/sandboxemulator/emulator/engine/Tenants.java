package dev.sandboxemulator.emulator.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tenant an API key reaches. A key nobody registered reaches the default tenant, so a caller
 * with any key (or none) gets a working emulator without setup, while tests that register their own
 * key get sandboxes no other test can see.
 *
 * <p>Thread-safe.
 */
final class Tenants {

    private final Tenant defaultTenant;
    private final Map<String, Tenant> byApiKey = new ConcurrentHashMap<>();

    Tenants(Tenant defaultTenant) {
        this.defaultTenant = defaultTenant;
    }

    Tenant defaultTenant() {
        return defaultTenant;
    }

    /** Makes {@code apiKey} reach {@code tenant}; a key already taken is refused rather than moved, so no tenant loses its key to another. */
    void register(String apiKey, Tenant tenant) {
        if (byApiKey.putIfAbsent(apiKey, tenant) != null) {
            throw new IllegalArgumentException("API key " + apiKey + " already belongs to a tenant");
        }
    }

    /** Forgets every key of {@code tenant}: they reach the default tenant again. */
    void forget(Tenant tenant) {
        byApiKey.values().removeIf(t -> t == tenant);
    }

    /** The open tenant with this {@linkplain Tenant#dataPlaneId() data-plane id}: the default one or a registered one. */
    Optional<Tenant> withDataPlaneId(String dataPlaneId) {
        if (defaultTenant.dataPlaneId().equals(dataPlaneId)) {
            return Optional.of(defaultTenant);
        }
        return byApiKey.values().stream().filter(tenant -> tenant.dataPlaneId().equals(dataPlaneId)).findFirst();
    }

    /** The tenant an API key reaches: its registered one, else the default. */
    Tenant reachedBy(Optional<String> apiKey) {
        return apiKey.map(byApiKey::get).orElse(defaultTenant);
    }
}
