package dev.sandboxemulator.client;

import dev.sandboxemulator.client.internal.EnvdApi;
import dev.sandboxemulator.client.internal.EnvdVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A handle for one sandbox, returned by {@link SandboxClient#create}, {@link SandboxClient#connect} and
 * {@link SandboxClient#clone}. The handle is immutable and thread-safe; it holds no connection, and the sandbox it names
 * may be paused or killed at any time, by this process or another. Every method is a call on {@link #client()}, so it
 * throws what the corresponding {@link SandboxClient} method throws.
 *
 * <p>{@link #files()} and {@link #commands()} reach the sandbox's envd daemon: at the client's
 * {@link SandboxClient#sandboxUrl() sandbox URL} when one is configured, else at {@code https://49983-<id>.<domain>}
 * ({@code http://localhost:49983} in debug mode).
 *
 * <p>A handle is {@link AutoCloseable} so that a sandbox used for one task does not outlive it: closing kills the
 * sandbox, and closing again, or closing a sandbox that is already gone, is not an error.
 *
 * <pre>{@code
 * try (Sandbox sandbox = client.create()) {
 *   sandbox.commands().run("make test");
 * } // killed here
 * }</pre>
 *
 * <p>Two handles are equal when they name the same sandbox ID.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxClient client;
    private final String id;
    private final String envdVersion;
    private final String envdAccessToken;
    private final String trafficAccessToken;
    private final String sandboxDomain;
    private final EnvdApi envd;
    private final Filesystem files;
    private final Commands commands;

    Sandbox(
            SandboxClient client,
            String id,
            String envdVersion,
            String envdAccessToken,
            String trafficAccessToken,
            String sandboxDomain) {
        this.client = Objects.requireNonNull(client, "client == null");
        this.id = Objects.requireNonNull(id, "id == null");
        this.envdVersion = Objects.requireNonNull(envdVersion, "envdVersion == null");
        this.envdAccessToken = envdAccessToken;
        this.trafficAccessToken = trafficAccessToken;
        this.sandboxDomain = Objects.requireNonNull(sandboxDomain, "sandboxDomain == null");
        this.envd = client.envdApi(id, sandboxDomain, envdAccessToken, envdVersion);
        this.files = new Filesystem(envd);
        this.commands = new Commands(envd);
    }

    /** Returns the sandbox ID. */
    public String id() {
        return id;
    }

    /** Returns the version of the envd daemon inside the sandbox ({@code "0.0.0"} when the server did not say). */
    public String envdVersion() {
        return envdVersion;
    }

    /** Returns the token envd requires when the sandbox is secure. */
    public Optional<String> envdAccessToken() {
        return Optional.ofNullable(envdAccessToken);
    }

    /** Returns the token that guards the sandbox's public traffic, when the server issued one. */
    public Optional<String> trafficAccessToken() {
        return Optional.ofNullable(trafficAccessToken);
    }

    /** Returns the client this handle calls through. */
    public SandboxClient client() {
        return client;
    }

    /** Returns the domain under which the sandbox's envd is reached when no sandbox URL is configured. */
    String sandboxDomain() {
        return sandboxDomain;
    }

    /**
     * Returns what the control plane reports about this sandbox.
     *
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#getInfo(String)
     */
    public SandboxInfo info() {
        return client.getInfo(id);
    }

    /**
     * Sets this sandbox's timeout to {@code timeout} from now.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#setTimeout(String, Duration)
     */
    public void setTimeout(Duration timeout) {
        client.setTimeout(id, timeout);
    }

    /**
     * Pauses this sandbox.
     *
     * @return true if it was paused, false if it was already paused
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#pause(String)
     */
    public boolean pause() {
        return client.pause(id);
    }

    /**
     * Connects to this sandbox, resuming it if it is paused, with a 300-second timeout.
     *
     * @return a fresh handle carrying the tokens the server returned
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#connect(String)
     */
    public Sandbox connect() {
        return client.connect(id);
    }

    /**
     * Connects to this sandbox, resuming it if it is paused.
     *
     * @return a fresh handle carrying the tokens the server returned
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#connect(String, Duration)
     */
    public Sandbox connect(Duration timeout) {
        return client.connect(id, timeout);
    }

    /**
     * Kills this sandbox.
     *
     * @return true if it was killed, false if it no longer existed
     * @throws SandboxException for the failures listed on {@link SandboxClient}
     * @see SandboxClient#kill(String)
     */
    public boolean kill() {
        return client.kill(id);
    }

    /**
     * Kills this sandbox, so that {@code try (Sandbox sandbox = client.create())} leaves nothing running; the same as
     * {@link #kill()} without its result.
     *
     * <p>Idempotent: a sandbox that is already gone (killed through this or another handle, or timed out) is what close
     * wants, so it is not an error. A failure to reach the control plane is not hidden, because the sandbox may still be
     * running and using quota: it is thrown, and in a try-with-resources block whose body already threw, it is added to
     * that exception as suppressed.
     *
     * @throws SandboxConnectionException if the control plane could not be reached (the sandbox may still be running)
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     */
    @Override
    public void close() {
        kill();
    }

    /**
     * Clones this sandbox.
     *
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws RateLimitException if the clones would exceed the concurrency quota
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#clone(String, CloneRequest)
     */
    public CloneResult clone(CloneRequest request) {
        return client.clone(id, request);
    }

    /**
     * Forks this sandbox once, E2B's clone.
     *
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxStateException if the sandbox is paused
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#fork(String, ForkRequest)
     */
    public ForkResult fork() {
        return client.fork(id);
    }

    /**
     * Forks this sandbox; each slot of the result holds a fork or its own error.
     *
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @throws SandboxStateException if the sandbox is paused
     * @throws SandboxException for the other failures listed on {@link SandboxClient}
     * @see SandboxClient#fork(String, ForkRequest)
     */
    public ForkResult fork(ForkRequest request) {
        return client.fork(id, request);
    }

    /**
     * Returns true if the sandbox's envd answers its health check ({@code GET /health}), like the SDK: false when the
     * proxy answers 502, which it does for a sandbox that is paused, killed or timed out.
     *
     * @throws SandboxException for any other error status (see the envd table on the client's error mapping), or if
     *     envd could not be reached
     */
    public boolean isRunning() {
        return envd.health(null);
    }

    /** Returns the sandbox's files, through envd. */
    public Filesystem files() {
        return files;
    }

    /** Returns the sandbox's commands, through envd. */
    public Commands commands() {
        return commands;
    }

    /**
     * Returns a URL that uploads to {@code path} with a multipart {@code POST} and no headers, as the default user. See
     * {@link #uploadUrl(String, String, Duration)}.
     */
    public String uploadUrl(String path) {
        return uploadUrl(path, null, null);
    }

    /**
     * Returns a URL that uploads to {@code path} with a multipart {@code POST} and no headers, as {@code user}. See
     * {@link #uploadUrl(String, String, Duration)}.
     */
    public String uploadUrl(String path, String user) {
        return uploadUrl(path, user, null);
    }

    /**
     * Returns a URL that uploads with a multipart {@code POST} and needs no headers:
     * {@code <envd>/files?[username=]&path=&signature=v1_...[&signature_expiration=]}. The signature is present only
     * when the sandbox has an envd access token (it is secure); it is SHA-256 over
     * {@code "<path>:write:<user>:<token>[:<expiration>]"}, so it is bound to this path and user.
     *
     * @param path the destination path, or null to leave it to the multipart filename
     * @param user the user, or null for envd's default user
     * @param validFor how long the signature stays valid, or null for no expiry
     * @throws IllegalStateException if {@code validFor} is given but the sandbox has no envd access token
     */
    public String uploadUrl(String path, String user, Duration validFor) {
        return fileUrl(path, "write", user, validFor);
    }

    /** Returns a URL that downloads {@code path} with a {@code GET} and no headers, as the default user. */
    public String downloadUrl(String path) {
        return downloadUrl(path, null, null);
    }

    /** Returns a URL that downloads {@code path} with a {@code GET} and no headers, as {@code user}. */
    public String downloadUrl(String path, String user) {
        return downloadUrl(path, user, null);
    }

    /**
     * Returns a URL that downloads {@code path} with a {@code GET} and needs no headers; signed like
     * {@link #uploadUrl(String, String, Duration)}, with the operation {@code read}.
     *
     * @param user the user, or null for envd's default user
     * @param validFor how long the signature stays valid, or null for no expiry
     * @throws IllegalStateException if {@code validFor} is given but the sandbox has no envd access token
     */
    public String downloadUrl(String path, String user, Duration validFor) {
        return fileUrl(Objects.requireNonNull(path, "path == null"), "read", user, validFor);
    }

    private String fileUrl(String path, String operation, String user, Duration validFor) {
        Long expiresAt = null;
        if (validFor != null) {
            Checks.nonNegative(validFor, "validFor");
            if (!envd.hasAccessToken()) {
                throw new IllegalStateException(
                        "Signature expiration needs a secure sandbox; sandbox " + id + " has no envd access token");
            }
            expiresAt = Instant.now().plus(validFor).getEpochSecond();
        }
        return envd.fileUrl(path, operation, user, expiresAt);
    }

    /**
     * Returns every resource-usage sample the server keeps of this sandbox.
     *
     * @throws SandboxException if the sandbox's envd is older than 0.1.5, which serves no metrics (checked before any
     *     request, like the SDK), or for the failures listed on {@link SandboxClient}
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @see SandboxClient#getMetrics(String)
     */
    public List<SandboxMetric> metrics() {
        return metrics(MetricsRequest.ALL);
    }

    /**
     * Returns this sandbox's resource-usage samples in the time range of {@code request}.
     *
     * @throws SandboxException if the sandbox's envd is older than 0.1.5, which serves no metrics (checked before any
     *     request, like the SDK), or for the failures listed on {@link SandboxClient}
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @see SandboxClient#getMetrics(String, MetricsRequest)
     */
    public List<SandboxMetric> metrics(MetricsRequest request) {
        Objects.requireNonNull(request, "request == null");
        if (EnvdVersion.isBelow(envdVersion, EnvdVersion.METRICS)) {
            throw new SandboxException(
                    "Metrics need envd " + EnvdVersion.METRICS + " or newer; sandbox " + id + " runs envd " + envdVersion);
        }
        return client.getMetrics(id, request);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sandbox && ((Sandbox) other).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Sandbox{id=" + id + ", envdVersion=" + envdVersion + "}";
    }
}
