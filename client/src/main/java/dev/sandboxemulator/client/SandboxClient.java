package dev.sandboxemulator.client;

import dev.sandboxemulator.client.internal.CloneRequestJson;
import dev.sandboxemulator.client.internal.CloneResponseJson;
import dev.sandboxemulator.client.internal.ControlPlaneApi;
import dev.sandboxemulator.client.internal.Durations;
import dev.sandboxemulator.client.internal.EnvdApi;
import dev.sandboxemulator.client.internal.EnvdVersion;
import dev.sandboxemulator.client.internal.ErrorMapper;
import dev.sandboxemulator.client.internal.ForkRequestJson;
import dev.sandboxemulator.client.internal.ForkSlotJson;
import dev.sandboxemulator.client.internal.NewSandboxJson;
import dev.sandboxemulator.client.internal.SandboxJson;
import dev.sandboxemulator.client.internal.SnapshotJson;
import dev.sandboxemulator.client.internal.SandboxDetailJson;
import dev.sandboxemulator.client.internal.WireMapping;
import dev.sandboxemulator.client.internal.WirePage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client for the Novita Sandbox control plane (and, through the emulator, for an offline stand-in of it). Instances
 * are immutable and thread-safe: create one and share it. Derive a differently configured client with
 * {@link #newBuilder()}; it shares this client's {@link HttpClient} and so its connections.
 *
 * <pre>{@code
 * SandboxClient client = SandboxClient.builder().apiUrl("http://127.0.0.1:8080").apiKey("key").build();
 * try (Sandbox sandbox = client.create()) { // killed at the end of the block
 *   SandboxInfo info = sandbox.info();
 * }
 * }</pre>
 *
 * <p>Settings are resolved like the official SDK: an explicit builder option wins, then the {@code NOVITA_*}
 * environment variable (only when {@link Builder#environment} was given, as {@link #fromEnvironment()} does), then the
 * default.
 *
 * <p>Every operation is a blocking HTTP call. Besides the exceptions listed on each method, every operation may throw
 * {@link AuthenticationException} (HTTP 401), {@link RateLimitException} (HTTP 429), {@link InvalidArgumentException}
 * (HTTP 400), {@link SandboxTimeoutException} (no response within the request timeout; the server may still have acted),
 * {@link SandboxConnectionException} (the control plane could not be reached, or the exchange broke off; the server may
 * have acted), and {@link SandboxException} for any other error response or an unreadable success response.
 */
public final class SandboxClient {
    /** The domain used when none is configured. */
    public static final String DEFAULT_DOMAIN = "us-phx-1.sandbox.novita.ai";

    /** The control-plane URL used in debug mode when none is configured. */
    public static final String DEBUG_API_URL = "http://localhost:3000";

    /** The request timeout used when none is configured. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The timeout {@link #connect(String)} gives the sandbox, like the SDK. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(300);

    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

    private final Builder settings;
    private final String apiUrl;
    private final String sandboxUrl;
    private final String domain;
    private final boolean debug;
    private final Duration requestTimeout;
    private final HttpClient httpClient;
    private final ControlPlaneApi api;

    private SandboxClient(Builder builder) {
        this.settings = new Builder(builder);
        Map<String, String> env = builder.environment;

        String resolvedDomain = builder.domain != null ? builder.domain : env.getOrDefault("NOVITA_DOMAIN", DEFAULT_DOMAIN);
        if (resolvedDomain.isBlank()) {
            throw new IllegalArgumentException("domain is empty");
        }
        this.domain = resolvedDomain;

        this.debug =
                builder.debug != null ? builder.debug : "true".equalsIgnoreCase(env.getOrDefault("NOVITA_DEBUG", "false"));

        String configuredApiUrl = builder.apiUrl != null ? builder.apiUrl : nonBlank(env.get("NOVITA_API_URL"));
        this.apiUrl =
                normalizeApiUrl(configuredApiUrl != null ? configuredApiUrl : debug ? DEBUG_API_URL : "https://api." + domain);

        String configuredSandboxUrl =
                builder.sandboxUrl != null ? builder.sandboxUrl : env.get("NOVITA_SANDBOX_URL");
        this.sandboxUrl = nonBlank(configuredSandboxUrl == null ? null : configuredSandboxUrl.trim());

        String apiKey = nonBlank(builder.apiKey != null ? builder.apiKey : env.get("NOVITA_API_KEY"));
        String accessToken = nonBlank(builder.accessToken != null ? builder.accessToken : env.get("NOVITA_ACCESS_TOKEN"));

        this.requestTimeout = builder.requestTimeout != null ? builder.requestTimeout : DEFAULT_REQUEST_TIMEOUT;
        this.httpClient =
                builder.httpClient != null
                        ? builder.httpClient
                        : HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build();
        this.api = new ControlPlaneApi(httpClient, apiUrl, apiKey, accessToken, requestTimeout);
    }

    /** Returns a builder with nothing set: no environment is read unless {@link Builder#environment} is called. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a client configured from {@code System.getenv()}: {@code NOVITA_API_KEY}, {@code NOVITA_ACCESS_TOKEN},
     * {@code NOVITA_DOMAIN}, {@code NOVITA_DEBUG}, {@code NOVITA_API_URL} and {@code NOVITA_SANDBOX_URL}.
     *
     * @throws IllegalArgumentException if the environment holds an unusable setting, such as an empty domain
     */
    public static SandboxClient fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** Returns a builder with this client's settings that shares its {@link HttpClient}. */
    public Builder newBuilder() {
        Builder builder = new Builder(settings);
        builder.httpClient = httpClient;
        return builder;
    }

    /** Returns the control-plane base URL, with a scheme and without a trailing slash. */
    public String apiUrl() {
        return apiUrl;
    }

    /** Returns the envd base URL used for every sandbox, when one is configured. */
    public Optional<String> sandboxUrl() {
        return Optional.ofNullable(sandboxUrl);
    }

    /** Returns the sandbox domain. */
    public String domain() {
        return domain;
    }

    /** Returns whether debug mode is on; it only changes the default {@link #apiUrl()}. */
    public boolean debug() {
        return debug;
    }

    /** Returns the per-request timeout; zero means none. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sandboxes

    /**
     * Creates a sandbox from the {@code "base"} template with the default settings ({@code POST /sandboxes}).
     *
     * @return a handle for the new, running sandbox
     * @throws TemplateException if the sandbox's envd is older than 0.1.0; the sandbox has been killed
     * @throws RateLimitException if the concurrency quota is exhausted
     * @throws SandboxException for the other failures listed on this class
     */
    public Sandbox create() {
        return create(CreateSandboxRequest.builder().build());
    }

    /**
     * Creates a sandbox ({@code POST /sandboxes}).
     *
     * <p>Metadata and environment variables are sent only when non-empty. {@code autoPause} is always sent (true when
     * the lifecycle pauses on timeout), {@code autoResume} only when it is true.
     *
     * @return a handle for the new, running sandbox
     * @throws TemplateException if the sandbox's envd is older than 0.1.0; the client has tried to kill the sandbox, and
     *     any failure to do so is attached as a suppressed exception
     * @throws RateLimitException if the concurrency quota is exhausted
     * @throws InvalidArgumentException if the server rejects the request, for example an unknown template
     * @throws SandboxException for the other failures listed on this class
     */
    public Sandbox create(CreateSandboxRequest request) {
        Objects.requireNonNull(request, "request == null");
        boolean autoPause = request.lifecycle().onTimeout() == Lifecycle.OnTimeout.PAUSE;
        NewSandboxJson body =
                new NewSandboxJson(
                        request.template(),
                        request.metadata().isEmpty() ? null : request.metadata(),
                        request.envs().isEmpty() ? null : request.envs(),
                        Durations.toWireSeconds(request.timeout()),
                        request.secure(),
                        request.allowInternetAccess(),
                        autoPause,
                        autoPause ? new NewSandboxJson.AutoResumeJson(request.lifecycle().autoResume()) : null);
        Sandbox sandbox = toSandbox(api.createSandbox(body));
        if (EnvdVersion.isBelow(sandbox.envdVersion(), EnvdVersion.MINIMUM)) {
            TemplateException failure =
                    new TemplateException(
                            "Sandbox "
                                    + sandbox.id()
                                    + " runs envd "
                                    + sandbox.envdVersion()
                                    + ", older than the minimum "
                                    + EnvdVersion.MINIMUM
                                    + "; rebuild the template "
                                    + request.template());
            try {
                api.kill(sandbox.id());
            } catch (SandboxException killFailed) {
                failure.addSuppressed(killFailed);
            }
            throw failure;
        }
        return sandbox;
    }

    /**
     * Connects to a sandbox, resuming it if it is paused, and gives it a 300-second timeout
     * ({@code POST /sandboxes/{id}/connect}).
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     */
    public Sandbox connect(String sandboxId) {
        return connect(sandboxId, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects to a sandbox, resuming it if it is paused ({@code POST /sandboxes/{id}/connect}). A running sandbox's
     * timeout is only ever extended; a resumed one times out {@code timeout} from now.
     *
     * @param timeout the sandbox timeout, sent as whole seconds rounded up
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws SandboxNotFoundException if there is no such sandbox ({@code "Paused sandbox <id> not found"})
     * @throws SandboxException for the other failures listed on this class
     */
    public Sandbox connect(String sandboxId, Duration timeout) {
        Checks.id(sandboxId, "sandboxId");
        Checks.nonNegative(timeout, "timeout");
        return toSandbox(api.connect(sandboxId, Durations.toWireSeconds(timeout)));
    }

    /**
     * Returns what the control plane reports about a sandbox ({@code GET /sandboxes/{id}}).
     *
     * @throws SandboxNotFoundException if there is no such sandbox ({@code "Sandbox <id> not found"})
     * @throws SandboxException for the other failures listed on this class
     */
    public SandboxInfo getInfo(String sandboxId) {
        Checks.id(sandboxId, "sandboxId");
        return WireMapping.toSandboxInfo(api.getSandbox(sandboxId));
    }

    /**
     * Returns the first page of running and paused sandboxes ({@code GET /v2/sandboxes}).
     *
     * @throws SandboxException for the failures listed on this class
     */
    public SandboxPage list() {
        return list(ListSandboxesRequest.ALL);
    }

    /**
     * Returns one page of sandboxes ({@code GET /v2/sandboxes}). Follow {@link SandboxPage#nextRequest()} for the next
     * page, or use {@link #listAll(ListSandboxesRequest)}.
     *
     * @throws SandboxException for the failures listed on this class
     */
    public SandboxPage list(ListSandboxesRequest request) {
        Objects.requireNonNull(request, "request == null");
        List<String> states = new ArrayList<>();
        request.states().forEach(state -> states.add(state.wireValue()));
        WirePage<SandboxDetailJson> page =
                api.listSandboxes(
                        request.metadata(), states, request.limit().orElse(null), request.nextToken().orElse(null));
        List<SandboxInfo> sandboxes = new ArrayList<>(page.items().size());
        page.items().forEach(item -> sandboxes.add(WireMapping.toSandboxInfo(item)));
        return new SandboxPage(sandboxes, Optional.ofNullable(page.nextToken()), request);
    }

    /**
     * Returns every sandbox matching {@code request}, fetching pages lazily as the stream is consumed. No request is sent
     * before the terminal operation starts. Exceptions are thrown from the stream operation that needed the page.
     *
     * @throws SandboxException from the stream's terminal operation, for the failures listed on this class
     */
    public Stream<SandboxInfo> listAll(ListSandboxesRequest request) {
        Objects.requireNonNull(request, "request == null");
        Iterator<SandboxInfo> iterator =
                new Iterator<>() {
                    private ListSandboxesRequest next = request;
                    private Iterator<SandboxInfo> current = Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && next != null) {
                            SandboxPage page = list(next);
                            current = page.sandboxes().iterator();
                            next = page.hasNext() ? page.nextRequest() : null;
                        }
                        return current.hasNext();
                    }

                    @Override
                    public SandboxInfo next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Kills a sandbox ({@code DELETE /sandboxes/{id}}). Killing is final: its filesystem and memory are gone.
     *
     * @return true if the sandbox was killed, false if there was no such sandbox
     * @throws SandboxException for the failures listed on this class
     */
    public boolean kill(String sandboxId) {
        Checks.id(sandboxId, "sandboxId");
        return api.kill(sandboxId);
    }

    /**
     * Sets a sandbox's timeout to {@code timeout} from now, extending or shortening it
     * ({@code POST /sandboxes/{id}/timeout}).
     *
     * @param timeout sent as whole seconds, rounded up
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     */
    public void setTimeout(String sandboxId, Duration timeout) {
        Checks.id(sandboxId, "sandboxId");
        Checks.nonNegative(timeout, "timeout");
        api.setTimeout(sandboxId, Durations.toWireSeconds(timeout));
    }

    /**
     * Pauses a sandbox, keeping its filesystem and memory ({@code POST /sandboxes/{id}/pause}, no body). Resume it with
     * {@link #connect(String)}.
     *
     * @return true if the sandbox was paused, false if it was already paused (HTTP 409)
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     */
    public boolean pause(String sandboxId) {
        Checks.id(sandboxId, "sandboxId");
        return api.pause(sandboxId);
    }

    /**
     * Makes one clone of a sandbox, with the same filesystem and memory ({@code POST /sandboxes/{id}/clone}).
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws RateLimitException if the clone would exceed the concurrency quota
     * @throws SandboxException for the other failures listed on this class
     */
    public CloneResult clone(String sandboxId) {
        return clone(sandboxId, CloneRequest.DEFAULT);
    }

    /**
     * Clones a running or paused sandbox, with the same filesystem and memory ({@code POST /sandboxes/{id}/clone}). A
     * running sandbox is briefly suspended while it is cloned. This call waits at least 300 seconds for the response,
     * whatever the request timeout.
     *
     * <p>When the call fails, a non-strict clone may already have made some clones; list by metadata to find them. A
     * strict clone removes the clones it made before it fails.
     *
     * @return the clones; with {@code strict=false} possibly fewer than requested
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws RateLimitException if the clones would exceed the concurrency quota
     * @throws InvalidArgumentException if the server rejects the request, for example a strict clone that failed
     * @throws SandboxException for the other failures listed on this class
     */
    public CloneResult clone(String sandboxId, CloneRequest request) {
        Checks.id(sandboxId, "sandboxId");
        Objects.requireNonNull(request, "request == null");
        CloneResponseJson response =
                api.clone(
                        sandboxId,
                        new CloneRequestJson(
                                request.count(),
                                request.strict(),
                                request.timeout().map(Durations::toWireSeconds).orElse(null),
                                request.nodeId().orElse(null)));
        List<Sandbox> clones = new ArrayList<>();
        if (response.sandboxes() != null) {
            for (CloneResponseJson.ClonedSandboxJson clone : response.sandboxes()) {
                String id = WireMapping.required(clone.sandboxID(), "sandboxID");
                if (clone.clientID() != null && !clone.clientID().isEmpty()) {
                    id = id + "-" + clone.clientID();
                }
                clones.add(
                        new Sandbox(
                                this,
                                id,
                                clone.envdVersion() != null ? clone.envdVersion() : EnvdVersion.UNKNOWN,
                                clone.envdAccessToken(),
                                clone.trafficAccessToken(),
                                domain));
            }
        }
        return new CloneResult(clones, Optional.ofNullable(response.snapshotTemplateId()));
    }

    /**
     * Makes one fork of a running sandbox, E2B's clone ({@code POST /sandboxes/{id}/fork}); see
     * {@link #fork(String, ForkRequest)}.
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxStateException if the sandbox is paused
     * @throws SandboxException for the other failures listed on this class
     */
    public ForkResult fork(String sandboxId) {
        return fork(sandboxId, ForkRequest.DEFAULT);
    }

    /**
     * Forks a running sandbox, E2B's equivalent of {@link #clone(String, CloneRequest) clone} ({@code POST
     * /sandboxes/{id}/fork}): the sandbox is briefly suspended and snapshotted once, keeps its id and timeout, and each
     * fork starts from that snapshot with the same filesystem and memory. This call waits at least 300 seconds for the
     * response, whatever the request timeout.
     *
     * <p>The call itself succeeds even when some or all forks failed: each slot of the result holds its own fork or
     * error (for example a {@link RateLimitException} for a slot beyond the concurrency limit). Forks that were made
     * keep running; kill them when done. Unlike clone, a fork answer carries no client id to append to the forks' ids.
     *
     * @return one slot per requested fork, in order
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxStateException if the sandbox is paused (resume it with {@link #connect(String)} first)
     * @throws InvalidArgumentException if the server refuses the request (count above 100 or not below the concurrency
     *     limit, a timeout above the maximum); no fork was attempted
     * @throws SandboxException for the other failures listed on this class
     */
    public ForkResult fork(String sandboxId, ForkRequest request) {
        Checks.id(sandboxId, "sandboxId");
        Objects.requireNonNull(request, "request == null");
        List<ForkSlotJson> entries =
                api.fork(
                        sandboxId,
                        new ForkRequestJson(
                                request.timeout().map(Durations::toWireSeconds).orElse(null), request.count()));
        List<ForkSlot> slots = new ArrayList<>();
        for (ForkSlotJson entry : entries) {
            if (entry != null && entry.sandbox() != null) {
                SandboxJson fork = entry.sandbox();
                slots.add(
                        ForkSlot.of(
                                new Sandbox(
                                        this,
                                        WireMapping.required(fork.sandboxID(), "sandboxID"),
                                        fork.envdVersion() != null ? fork.envdVersion() : EnvdVersion.UNKNOWN,
                                        fork.envdAccessToken(),
                                        fork.trafficAccessToken(),
                                        fork.domain() == null || fork.domain().isEmpty() ? domain : fork.domain())));
            } else if (entry != null && entry.error() != null) {
                int code = entry.error().code() != null ? entry.error().code() : 500;
                slots.add(ForkSlot.failed(ErrorMapper.fromForkSlot(code, entry.error().message())));
            } else {
                // As the SDK: an entry with neither member is a fork that did not start.
                slots.add(ForkSlot.failed(new SandboxException("Failed to start forked sandbox")));
            }
        }
        return new ForkResult(slots);
    }

    /**
     * Returns every resource-usage sample the server keeps of a sandbox ({@code GET /sandboxes/{id}/metrics}).
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     * @see #getMetrics(String, MetricsRequest)
     */
    public List<SandboxMetric> getMetrics(String sandboxId) {
        return getMetrics(sandboxId, MetricsRequest.ALL);
    }

    /**
     * Returns a sandbox's resource-usage samples in the time range of {@code request}
     * ({@code GET /sandboxes/{id}/metrics?start=&end=}, in unix seconds, each only when set).
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     */
    public List<SandboxMetric> getMetrics(String sandboxId, MetricsRequest request) {
        Checks.id(sandboxId, "sandboxId");
        Objects.requireNonNull(request, "request == null");
        List<SandboxMetric> metrics = new ArrayList<>();
        api.metrics(
                        sandboxId,
                        request.start().map(Instant::getEpochSecond).orElse(null),
                        request.end().map(Instant::getEpochSecond).orElse(null))
                .forEach(metric -> metrics.add(WireMapping.toMetric(metric)));
        return Collections.unmodifiableList(metrics);
    }

    /**
     * Returns the account's quota and current usage ({@code GET /sandboxes/quota}).
     *
     * @throws SandboxException for the failures listed on this class
     */
    public Quota getQuota() {
        return WireMapping.toQuota(api.quota());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Snapshots

    /**
     * Takes a snapshot of a sandbox ({@code POST /sandboxes/{id}/snapshots}). The snapshot ID can be used as a template.
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws SandboxException for the other failures listed on this class
     */
    public SnapshotInfo createSnapshot(String sandboxId) {
        Checks.id(sandboxId, "sandboxId");
        return WireMapping.toSnapshotInfo(api.createSnapshot(sandboxId, null));
    }

    /**
     * Takes a named snapshot of a sandbox ({@code POST /sandboxes/{id}/snapshots} with {@code {"name": ...}}, E2B's
     * form). The name, like the snapshot ID, can be used as a template; a name in use already gets a new build.
     *
     * @throws SandboxNotFoundException if there is no such sandbox
     * @throws InvalidArgumentException if the server refuses the name
     * @throws SandboxException for the other failures listed on this class
     */
    public SnapshotInfo createSnapshot(String sandboxId, String name) {
        Checks.id(sandboxId, "sandboxId");
        Checks.id(name, "name");
        return WireMapping.toSnapshotInfo(api.createSnapshot(sandboxId, name));
    }

    /**
     * Returns the first page of every sandbox's snapshots ({@code GET /snapshots}).
     *
     * @throws SandboxException for the failures listed on this class
     * @see #listSnapshots(ListSnapshotsRequest)
     */
    public SnapshotPage listSnapshots() {
        return listSnapshots(ListSnapshotsRequest.ALL);
    }

    /**
     * Returns one page of snapshots ({@code GET /snapshots?sandboxID=&name=&limit=&nextToken=}, each only when set). Follow
     * {@link SnapshotPage#nextRequest()} for the next page.
     *
     * @throws SandboxException for the failures listed on this class
     */
    public SnapshotPage listSnapshots(ListSnapshotsRequest request) {
        Objects.requireNonNull(request, "request == null");
        WirePage<SnapshotJson> page =
                api.listSnapshots(request.sandboxId().orElse(null), request.name().orElse(null), request.limit().orElse(null),
                        request.nextToken().orElse(null));
        List<SnapshotInfo> snapshots = new ArrayList<>(page.items().size());
        page.items().forEach(item -> snapshots.add(WireMapping.toSnapshotInfo(item)));
        return new SnapshotPage(snapshots, Optional.ofNullable(page.nextToken()), request);
    }

    /**
     * Deletes a snapshot ({@code DELETE /templates/{snapshotId}}).
     *
     * @return true if the snapshot was deleted, false if there was no such snapshot
     * @throws SandboxException for the failures listed on this class
     */
    public boolean deleteSnapshot(String snapshotId) {
        Checks.id(snapshotId, "snapshotId");
        return api.deleteSnapshot(snapshotId);
    }

    /**
     * Returns the envd calls for one sandbox: at {@link #sandboxUrl()} when configured, else at
     * {@code http://localhost:49983} in debug mode, else at {@code https://49983-<id>.<sandboxDomain>}.
     */
    EnvdApi envdApi(String sandboxId, String sandboxDomain, String envdAccessToken, String envdVersion) {
        String baseUrl;
        if (sandboxUrl != null) {
            baseUrl = sandboxUrl;
        } else if (debug) {
            baseUrl = "http://localhost:" + EnvdApi.PORT;
        } else {
            baseUrl = "https://" + EnvdApi.PORT + "-" + sandboxId + "." + sandboxDomain;
        }
        return new EnvdApi(httpClient, baseUrl, sandboxId, envdAccessToken, envdVersion, requestTimeout);
    }

    private Sandbox toSandbox(SandboxJson json) {
        String sandboxDomain = json.domain() == null || json.domain().isEmpty() ? domain : json.domain();
        return new Sandbox(
                this,
                WireMapping.required(json.sandboxID(), "sandboxID"),
                WireMapping.required(json.envdVersion(), "envdVersion"),
                json.envdAccessToken(),
                json.trafficAccessToken(),
                sandboxDomain);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String normalizeApiUrl(String configured) {
        String url = configured.trim();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("apiUrl is empty");
        }
        if (!HAS_SCHEME.matcher(url).matches()) {
            url = "https://" + url;
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apiUrl is not a valid URL: " + configured, e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("apiUrl must use http or https: " + configured);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("apiUrl has no host: " + configured);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("apiUrl must not have a query or fragment: " + configured);
        }
        return url;
    }

    @Override
    public String toString() {
        return "SandboxClient{apiUrl=" + apiUrl + ", domain=" + domain + "}";
    }

    /**
     * Builds {@link SandboxClient}s. Not thread-safe. Every setting is optional; a null argument restores the default
     * resolution (environment, then default).
     */
    public static final class Builder {
        private String apiUrl;
        private String sandboxUrl;
        private String apiKey;
        private String accessToken;
        private String domain;
        private Boolean debug;
        private Duration requestTimeout;
        private HttpClient httpClient;
        private Map<String, String> environment = Map.of();

        Builder() {}

        Builder(Builder other) {
            this.apiUrl = other.apiUrl;
            this.sandboxUrl = other.sandboxUrl;
            this.apiKey = other.apiKey;
            this.accessToken = other.accessToken;
            this.domain = other.domain;
            this.debug = other.debug;
            this.requestTimeout = other.requestTimeout;
            this.httpClient = other.httpClient;
            this.environment = other.environment;
        }

        /**
         * Sets the control-plane base URL. It is trimmed, and {@code https://} is prepended when it has no scheme.
         * Default: {@code NOVITA_API_URL}, else {@code http://localhost:3000} in debug mode, else
         * {@code https://api.<domain>}.
         */
        public Builder apiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        /** Sets the envd base URL used verbatim for every sandbox. Default: {@code NOVITA_SANDBOX_URL}, else none. */
        public Builder sandboxUrl(String sandboxUrl) {
            this.sandboxUrl = sandboxUrl;
            return this;
        }

        /** Sets the API key, sent as {@code X-API-KEY}. Default: {@code NOVITA_API_KEY}, else none (no header). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets the access token, sent as {@code Authorization: Bearer}. Default: {@code NOVITA_ACCESS_TOKEN}, else none.
         */
        public Builder accessToken(String accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        /**
         * Sets the sandbox domain. Default: {@code NOVITA_DOMAIN}, else {@value SandboxClient#DEFAULT_DOMAIN}. An empty
         * domain makes {@link #build()} fail.
         */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Sets debug mode, which changes the default API URL. Default: {@code NOVITA_DEBUG} equal to "true" in any case. */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Sets the timeout of each request; zero means none. Default 60 seconds. Clone waits at least 300 seconds.
         *
         * @throws IllegalArgumentException if {@code requestTimeout} is negative
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout == null ? null : Checks.nonNegative(requestTimeout, "requestTimeout");
            return this;
        }

        /** Sets the HTTP client to use, for example to share its connection pool or executor. Default: a new one. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the environment variables that fill the settings not set on this builder, for example
         * {@code System.getenv()}. Default: none.
         */
        public Builder environment(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment == null");
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Returns the client.
         *
         * @throws IllegalArgumentException if the domain is empty or the API URL is unusable
         */
        public SandboxClient build() {
            return new SandboxClient(this);
        }
    }
}
