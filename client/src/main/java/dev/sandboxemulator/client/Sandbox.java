package dev.sandboxemulator.client;

import dev.sandboxemulator.client.internal.EnvdVersion;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A handle for one sandbox, returned by {@link SandboxClient#create}, {@link SandboxClient#connect} and
 * {@link SandboxClient#clone}. The handle is immutable and thread-safe; it holds no connection, and the sandbox it names
 * may be paused or killed at any time, by this process or another. Every method is a call on {@link #client()}, so it
 * throws what the corresponding {@link SandboxClient} method throws.
 *
 * <p>Two handles are equal when they name the same sandbox ID.
 */
public final class Sandbox {
    private final SandboxClient client;
    private final String id;
    private final String envdVersion;
    private final String envdAccessToken;
    private final String trafficAccessToken;
    private final String sandboxDomain;

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
     * Returns true if the control plane reports this sandbox as running, false if it is paused or no longer exists.
     *
     * @throws SandboxException for the failures listed on {@link SandboxClient}, other than not found
     */
    public boolean isRunning() {
        try {
            return info().state() == SandboxState.RUNNING;
        } catch (SandboxNotFoundException gone) {
            return false;
        }
    }

    /**
     * Returns this sandbox's resource-usage samples.
     *
     * @throws SandboxException if the sandbox's envd is older than 0.1.5, which serves no metrics (checked before any
     *     request, like the SDK), or for the failures listed on {@link SandboxClient}
     * @throws SandboxNotFoundException if the sandbox no longer exists
     * @see SandboxClient#getMetrics(String)
     */
    public List<SandboxMetric> metrics() {
        if (EnvdVersion.isBelow(envdVersion, EnvdVersion.METRICS)) {
            throw new SandboxException(
                    "Metrics need envd " + EnvdVersion.METRICS + " or newer; sandbox " + id + " runs envd " + envdVersion);
        }
        return client.getMetrics(id);
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
