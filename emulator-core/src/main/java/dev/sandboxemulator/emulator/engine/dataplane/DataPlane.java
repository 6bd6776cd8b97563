package dev.sandboxemulator.emulator.engine.dataplane;

import dev.sandboxemulator.emulator.engine.DataPlaneAccess;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.SandboxState;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotRunningException;
import dev.sandboxemulator.emulator.engine.error.UnauthenticatedException;
import dev.sandboxemulator.emulator.spi.SandboxUsers;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * envd's rules, for every sandbox on every backend: which sandbox a request reaches, whether it may,
 * and as whom. A data-plane URL serves one tenant (the emulator's shared URL its default tenant, a
 * tenant's own URL that tenant), and a request reaches only that tenant's sandboxes: another
 * tenant's sandbox is not running, as far as it can tell.
 *
 * <p>Refusals are {@link dev.sandboxemulator.emulator.engine.error.EngineException EngineException}s;
 * the server's endpoints only translate requests in and answers out.
 */
public final class DataPlane {
    /** envd's own words for a missing or wrong token or signature. */
    static final String UNAUTHORIZED =
            "unauthorized access, please provide a valid access token or method signing if supported";

    private final Engine engine;

    public DataPlane(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The tenant a data-plane URL serves: the default tenant's when {@code dataPlaneId} is empty. */
    public Optional<Tenant> tenant(Optional<String> dataPlaneId) {
        return dataPlaneId.isEmpty() ? Optional.of(engine.defaultTenant()) : engine.tenantByDataPlaneId(dataPlaneId.get());
    }

    /**
     * Opens a Connect call (filesystem or process service). A secure sandbox requires its access
     * token; the user is {@code user} unless the request names one of the sandbox's users.
     */
    public DataPlaneCall openForRpc(Tenant scope, String sandboxId, Optional<String> accessToken, Optional<String> user) {
        DataPlaneAccess access = open(scope, sandboxId);
        SandboxView sandbox = access.sandbox();
        if (sandbox.secure() && !sandbox.envdAccessToken().equals(accessToken)) {
            throw new UnauthenticatedException(UNAUTHORIZED);
        }
        return new DataPlaneCall(access, knownUser(user));
    }

    /**
     * Opens a {@code /files} call. A request without a sandbox header (a signed URL, as the SDKs'
     * {@code uploadUrl()} and {@code downloadUrl()} make them) goes to the tenant's running sandbox
     * whose token made its signature, or else to the tenant's only running sandbox. A secure
     * sandbox requires its access token, or else a signature by it that has not expired.
     */
    public DataPlaneCall openForFiles(Tenant scope, FileRequest request) {
        String sandboxId = request.sandboxId().or(() -> routeUnnamed(scope, request)).orElseThrow(() ->
                new InvalidRequestException("missing Novita-Sandbox-Id header (and no signature that names a sandbox)"));
        DataPlaneAccess access = open(scope, sandboxId);
        SandboxView sandbox = access.sandbox();
        if (sandbox.secure()) {
            String token = sandbox.envdAccessToken().orElseThrow();
            if (request.accessToken().isPresent()) {
                if (!request.accessToken().get().equals(token)) {
                    throw new UnauthenticatedException(UNAUTHORIZED);
                }
            } else {
                if (!request.signedWith(token)) {
                    throw new UnauthenticatedException(UNAUTHORIZED);
                }
                Optional<Long> expiration = request.expiration();
                if (expiration.isPresent() && expiration.get() < access.time().now().getEpochSecond()) {
                    throw new UnauthenticatedException("the signature expired at " + expiration.get());
                }
            }
        }
        return new DataPlaneCall(access, knownUser(request.user()));
    }

    /** What envd's health check finds: without waking the sandbox, and only among the tenant's. */
    public SandboxHealth health(Tenant scope, String sandboxId) {
        if (!engine.belongsTo(scope, sandboxId)) {
            return SandboxHealth.ABSENT;
        }
        return engine.lookup(sandboxId)
                .map(view -> view.state() == SandboxState.RUNNING ? SandboxHealth.RUNNING : SandboxHealth.PAUSED)
                .orElse(SandboxHealth.ABSENT);
    }

    private DataPlaneAccess open(Tenant scope, String sandboxId) {
        if (!engine.belongsTo(scope, sandboxId)) {
            // The same words as for a sandbox that never existed: a tenant learns nothing of another's.
            throw new SandboxNotRunningException("sandbox " + Engine.shortId(sandboxId)
                    + " is not running (it was killed, timed out or never existed)");
        }
        return engine.dataPlane(sandboxId);
    }

    private Optional<String> routeUnnamed(Tenant scope, FileRequest request) {
        List<SandboxView> running = engine.listRunning(scope, Map.of());
        if (request.signature().isPresent()) {
            for (SandboxView candidate : running) {
                if (candidate.envdAccessToken().isPresent() && request.signedWith(candidate.envdAccessToken().get())) {
                    return Optional.of(candidate.sandboxId());
                }
            }
        }
        return running.size() == 1 ? Optional.of(running.get(0).sandboxId()) : Optional.empty();
    }

    /** The user a request acts as: the default one unless it names another of the sandbox's users. */
    private static String knownUser(Optional<String> named) {
        String user = named.filter(name -> !name.isEmpty()).orElse(SandboxUsers.DEFAULT);
        if (!SandboxUsers.exists(user)) {
            throw new UnauthenticatedException("invalid user '" + user + "': this sandbox has the users '"
                    + SandboxUsers.DEFAULT + "' and '" + SandboxUsers.ROOT + "'");
        }
        return user;
    }
}
