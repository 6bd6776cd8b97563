package dev.sandboxemulator.emulator;

/**
 * An isolated team on a running emulator, opened with {@link SandboxEmulator#newTenant}: reached by its own
 * API key, with its own sandboxes (invisible to every other key), running quota, clock, stubs and faults.
 * Tests that run at the same time share one emulator through one tenant each.
 *
 * <pre>{@code
 * try (SandboxTenant tenant = emulator.newTenant(TenantOptions.defaults().withManualClock())) {
 *     SandboxClient client = SandboxClient.builder()
 *             .apiUrl(tenant.apiUrl()).sandboxUrl(tenant.sandboxUrl()).apiKey(tenant.apiKey()).build();
 *     ...
 * }   // the tenant's sandboxes are killed; the emulator serves on
 * }</pre>
 */
public interface SandboxTenant extends SandboxTeam, AutoCloseable {

    /**
     * Closes this tenant, not the emulator: kills its sandboxes, drops its snapshots, removes its stubs and
     * faults, and frees its API key, which a new tenant may then claim. The emulator and every other tenant run
     * on. Closing it again does nothing; the emulator's
     * own {@link SandboxEmulator#close() close()} closes every tenant still open.
     */
    @Override
    void close();
}
