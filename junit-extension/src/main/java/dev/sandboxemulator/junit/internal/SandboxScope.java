package dev.sandboxemulator.junit.internal;

import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.SandboxTenant;
import dev.sandboxemulator.emulator.TenantOptions;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxRuntimeInfo;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one test (or one test class) owns in the emulator: a tenant, a client with its key, and the
 * sandboxes it asked for. {@link #finish()} kills what the test left alive and reports it.
 */
@SuppressWarnings("deprecation") // see EmulatorResource
public final class SandboxScope implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final SandboxTenant tenant;
    private final boolean ownsTenant;
    private final SandboxClient client;
    private final Set<String> existingAtStart;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final String owner;
    private final AtomicBoolean finished = new AtomicBoolean();

    private SandboxScope(SandboxTenant tenant, boolean ownsTenant, SandboxClient client, String owner) {
        this.tenant = tenant;
        this.ownsTenant = ownsTenant;
        this.client = client;
        this.owner = owner;
        this.existingAtStart = new HashSet<>(tenant.sandboxIds());
    }

    /** A scope with a tenant of its own on {@code resource}'s emulator. */
    public static SandboxScope open(EmulatorResource resource, ExtensionSettings settings, String owner) {
        TenantOptions options = TenantOptions.defaults().withRunningQuota(settings.runningQuota());
        if (settings.manualClock()) {
            options = options.withManualClock();
        }
        if (settings.apiKey().isPresent()) {
            options = options.withApiKey(settings.apiKey().get());
        }
        SandboxTenant tenant;
        try {
            tenant = resource.emulator().newTenant(options);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("cannot give " + owner + " the API key " + settings.apiKey().orElse("")
                    + ": another test running now uses it; drop apiKey from @SandboxTest to get a key per test", e);
        }
        return new SandboxScope(tenant, true, clientFor(resource, tenant), owner);
    }

    /** A scope inside {@code shared}'s tenant: a test of a class whose tenant was opened for the class. */
    public static SandboxScope within(SandboxScope shared, String owner) {
        return new SandboxScope(shared.tenant, false, shared.client, owner);
    }

    private static SandboxClient clientFor(EmulatorResource resource, SandboxTeam tenant) {
        return SandboxClient.builder()
                .apiUrl(tenant.apiUrl())
                .sandboxUrl(tenant.sandboxUrl())
                .apiKey(tenant.apiKey())
                .httpClient(resource.http())
                .build();
    }

    /** The scope's tenant, as a test sees it: without {@code close()}, which is the scope's to call. */
    public SandboxTeam team() {
        return tenant;
    }

    public SandboxClient client() {
        return client;
    }

    public SandboxRuntimeInfo runtimeInfo() {
        return new SandboxRuntimeInfo(tenant.apiUrl(), tenant.sandboxUrl(), tenant.apiKey());
    }

    /** Creates the sandbox a {@link NewSandbox} asks for; the scope kills it at the end, without calling it a leak. */
    public Sandbox newSandbox(NewSandbox spec) {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder()
                .template(spec.template())
                .timeout(Duration.ofSeconds(spec.timeoutSeconds()))
                .metadata(pairs(spec.metadata(), "metadata"))
                .envs(pairs(spec.envs(), "envs"))
                .build());
        requested.add(sandbox.id());
        return sandbox;
    }

    /**
     * Ends the scope: kills every sandbox created during it that is still alive, and (for a scope
     * with its own tenant) closes the tenant, removing its stubs and faults.
     *
     * @return a report of the sandboxes the test itself left alive, if any
     */
    public Optional<String> finish() {
        if (!finished.compareAndSet(false, true)) {
            return Optional.empty();
        }
        List<String> leaked = new ArrayList<>();
        for (String id : tenant.sandboxIds()) {
            if (!existingAtStart.contains(id) && !requested.contains(id)) {
                leaked.add(describe(id));
            }
        }
        SandboxException cleanupFailure = null;
        if (ownsTenant) {
            tenant.close();
        } else {
            for (String id : tenant.sandboxIds()) {
                if (!existingAtStart.contains(id)) {
                    try {
                        client.kill(id);
                    } catch (SandboxException e) {
                        if (cleanupFailure == null) {
                            cleanupFailure = new SandboxException("could not kill the sandboxes " + owner + " left behind");
                        }
                        cleanupFailure.addSuppressed(e);
                    }
                }
            }
        }
        if (cleanupFailure != null) {
            throw cleanupFailure;
        }
        if (leaked.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(owner + " left " + leaked.size() + " sandbox" + (leaked.size() == 1 ? "" : "es")
                + " alive (now killed):\n  " + String.join("\n  ", leaked)
                + "\nKill them in the test, or use @NewSandbox, whose sandboxes the extension kills.");
    }

    private String describe(String id) {
        try {
            SandboxInfo info = client.getInfo(id);
            return id + " (template " + info.templateId() + ", " + info.state().wireValue()
                    + (info.metadata().isEmpty() ? "" : ", metadata " + info.metadata()) + ")";
        } catch (SandboxException e) {
            return id;
        }
    }

    @Override
    public void close() {
        finish();
    }

    private static Map<String, String> pairs(String[] entries, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("invalid @NewSandbox " + what + " entry '" + entry + "': expected key=value");
            }
            map.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return map;
    }
}
