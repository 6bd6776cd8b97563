package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JavaType;
import dev.sandboxemulator.client.SandboxStateException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The control-plane REST calls: paths, query strings, headers, and the mapping of statuses to results or exceptions.
 * Bodies are the wire records of this package. Instances are immutable and thread-safe.
 *
 * <p>Every request carries {@code User-Agent}, {@code X-API-KEY} when an API key is set, {@code Authorization: Bearer}
 * when an access token is set, and {@code Content-Type: application/json} only when a JSON body is sent. Path IDs are
 * encoded with {@code encodeURIComponent}.
 */
public final class ControlPlaneApi {
    /** The {@code User-Agent} of every request. */
    public static final String USER_AGENT = "sandbox-emulator-java-client/0.1.0";

    /** Clone waits at least this long, whatever the request timeout, like the SDK. */
    public static final Duration MIN_CLONE_TIMEOUT = Duration.ofSeconds(300);

    private static final String JSON = "application/json";

    private final HttpClient http;
    private final String apiUrl;
    private final String apiKey;
    private final String accessToken;
    private final Duration requestTimeout;

    /**
     * @param apiUrl the base URL without a trailing slash
     * @param apiKey the API key, or null
     * @param accessToken the access token, or null
     * @param requestTimeout the per-request timeout; zero means none
     */
    public ControlPlaneApi(
            HttpClient http, String apiUrl, String apiKey, String accessToken, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http == null");
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl == null");
        this.apiKey = apiKey;
        this.accessToken = accessToken;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
    }

    /** {@code POST /sandboxes}. */
    public SandboxJson createSandbox(NewSandboxJson body) {
        Response response = send("POST", "/sandboxes", body, requestTimeout);
        response.requireSuccess(null);
        return response.read(SandboxJson.class);
    }

    /** {@code POST /sandboxes/{id}/connect}: 200 when it was running, 201 when it was resumed. */
    public SandboxJson connect(String sandboxId, long timeoutSeconds) {
        Response response =
                send("POST", sandboxPath(sandboxId, "/connect"), new TimeoutJson(timeoutSeconds), requestTimeout);
        response.requireSuccess("Paused sandbox " + sandboxId + " not found");
        return response.read(SandboxJson.class);
    }

    /** {@code GET /sandboxes/{id}}. */
    public SandboxDetailJson getSandbox(String sandboxId) {
        Response response = send("GET", sandboxPath(sandboxId, ""), null, requestTimeout);
        response.requireSuccess(notFound(sandboxId));
        return response.read(SandboxDetailJson.class);
    }

    /**
     * {@code GET /v2/sandboxes?metadata=&state=&limit=&nextToken=}; each parameter only when set.
     *
     * @param states wire values, sent comma-joined
     */
    public WirePage<SandboxDetailJson> listSandboxes(
            Map<String, String> metadata, Collection<String> states, Integer limit, String nextToken) {
        List<String> query = new ArrayList<>();
        if (!metadata.isEmpty()) {
            query.add("metadata=" + MetadataQueryEncoder.encode(metadata));
        }
        if (!states.isEmpty()) {
            List<String> encoded = new ArrayList<>();
            states.forEach(state -> encoded.add(UriEncoding.encodeUriComponent(state)));
            query.add("state=" + String.join(",", encoded));
        }
        addParam(query, "limit", limit);
        addParam(query, "nextToken", nextToken);
        Response response = send("GET", "/v2/sandboxes" + queryString(query), null, requestTimeout);
        response.requireSuccess(null);
        // A ListedSandbox is a SandboxDetail without the detail-only fields, which then read as absent.
        return new WirePage<>(response.readList(SandboxDetailJson.class), response.nextToken());
    }

    /** {@code DELETE /sandboxes/{id}}: true when killed, false when there was no such sandbox. */
    public boolean kill(String sandboxId) {
        Response response = send("DELETE", sandboxPath(sandboxId, ""), null, requestTimeout);
        if (response.status == 404) {
            return false;
        }
        response.requireSuccess(null);
        return true;
    }

    /** {@code POST /sandboxes/{id}/timeout}. */
    public void setTimeout(String sandboxId, long timeoutSeconds) {
        Response response =
                send("POST", sandboxPath(sandboxId, "/timeout"), new TimeoutJson(timeoutSeconds), requestTimeout);
        response.requireSuccess(notFound(sandboxId));
    }

    /** {@code POST /sandboxes/{id}/pause} with no body: true when paused, false when it was already paused (409). */
    public boolean pause(String sandboxId) {
        Response response = send("POST", sandboxPath(sandboxId, "/pause"), null, requestTimeout);
        if (response.status == 409) {
            return false;
        }
        response.requireSuccess(notFound(sandboxId));
        return true;
    }

    /** {@code POST /sandboxes/{id}/clone}, waiting at least {@link #MIN_CLONE_TIMEOUT}. */
    public CloneResponseJson clone(String sandboxId, CloneRequestJson body) {
        Duration timeout =
                requestTimeout.isZero() || requestTimeout.compareTo(MIN_CLONE_TIMEOUT) >= 0
                        ? requestTimeout
                        : MIN_CLONE_TIMEOUT;
        Response response = send("POST", sandboxPath(sandboxId, "/clone"), body, timeout);
        response.requireSuccess(notFound(sandboxId));
        return response.read(CloneResponseJson.class);
    }

    /**
     * {@code POST /sandboxes/{id}/fork} (E2B), waiting at least {@link #MIN_CLONE_TIMEOUT} like clone. A 409 (a paused
     * parent) is a {@link SandboxStateException}; a 201 answers one entry per slot, each checked by the caller.
     */
    public List<ForkSlotJson> fork(String sandboxId, ForkRequestJson body) {
        Duration timeout =
                requestTimeout.isZero() || requestTimeout.compareTo(MIN_CLONE_TIMEOUT) >= 0
                        ? requestTimeout
                        : MIN_CLONE_TIMEOUT;
        Response response = send("POST", sandboxPath(sandboxId, "/fork"), body, timeout);
        if (response.status == 409) {
            throw new SandboxStateException(
                    "409: " + ErrorMapper.message(409, response.raw.body()), response.status);
        }
        response.requireSuccess(notFound(sandboxId));
        return response.readList(ForkSlotJson.class);
    }

    /** {@code GET /sandboxes/{id}/metrics[?start=&end=]}, in unix seconds; no query string when both are null. */
    public List<SandboxMetricJson> metrics(String sandboxId, Long startUnixSeconds, Long endUnixSeconds) {
        List<String> query = new ArrayList<>();
        addParam(query, "start", startUnixSeconds);
        addParam(query, "end", endUnixSeconds);
        Response response =
                send("GET", sandboxPath(sandboxId, "/metrics") + queryString(query), null, requestTimeout);
        response.requireSuccess(notFound(sandboxId));
        return response.readList(SandboxMetricJson.class);
    }

    /** {@code GET /sandboxes/quota}. */
    public QuotaJson quota() {
        Response response = send("GET", "/sandboxes/quota", null, requestTimeout);
        response.requireSuccess(null);
        return response.read(QuotaJson.class);
    }

    /** {@code POST /sandboxes/{id}/snapshots} with body {@code {}}. */
    /** {@code POST /sandboxes/{id}/snapshots} with {@code {}}, or {@code {"name": name}} when a name is given. */
    public SnapshotJson createSnapshot(String sandboxId, String name) {
        Response response = send("POST", sandboxPath(sandboxId, "/snapshots"), name == null ? Map.of() : Map.of("name", name),
                requestTimeout);
        response.requireSuccess(notFound(sandboxId));
        return response.read(SnapshotJson.class);
    }

    /** {@code GET /snapshots?sandboxID=&name=&limit=&nextToken=}; each parameter only when set. */
    public WirePage<SnapshotJson> listSnapshots(String sandboxId, String name, Integer limit, String nextToken) {
        List<String> query = new ArrayList<>();
        addParam(query, "sandboxID", sandboxId);
        addParam(query, "name", name);
        addParam(query, "limit", limit);
        addParam(query, "nextToken", nextToken);
        Response response = send("GET", "/snapshots" + queryString(query), null, requestTimeout);
        response.requireSuccess(null);
        return new WirePage<>(response.readList(SnapshotJson.class), response.nextToken());
    }

    /** {@code DELETE /templates/{snapshotId}}: true when deleted, false when there was no such snapshot. */
    public boolean deleteSnapshot(String snapshotId) {
        Response response =
                send("DELETE", "/templates/" + UriEncoding.encodeUriComponent(snapshotId), null, requestTimeout);
        if (response.status == 404) {
            return false;
        }
        response.requireSuccess(null);
        return true;
    }

    private static String notFound(String sandboxId) {
        return "Sandbox " + sandboxId + " not found";
    }

    private static String sandboxPath(String sandboxId, String suffix) {
        return "/sandboxes/" + UriEncoding.encodeUriComponent(sandboxId) + suffix;
    }

    private static void addParam(List<String> query, String name, Object value) {
        if (value != null) {
            query.add(name + "=" + UriEncoding.encodeUriComponent(value.toString()));
        }
    }

    private static String queryString(List<String> query) {
        return query.isEmpty() ? "" : "?" + String.join("&", query);
    }

    private Response send(String method, String pathAndQuery, Object jsonBody, Duration timeout) {
        String url = apiUrl + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            request.header("X-API-KEY", apiKey);
        }
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (!timeout.isZero()) {
            request.timeout(timeout);
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = Json.MAPPER.writeValueAsBytes(jsonBody);
            } catch (JacksonException e) {
                throw new IllegalStateException("cannot serialize " + jsonBody.getClass().getSimpleName(), e);
            }
            request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw ErrorMapper.fromTransport(e, method, url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorMapper.fromInterrupt(e, method, url);
        }
        return new Response(method, pathAndQuery, response);
    }

    /** A received response. */
    private static final class Response {
        final String method;
        final String path;
        final int status;
        final HttpResponse<byte[]> raw;

        Response(String method, String path, HttpResponse<byte[]> raw) {
            this.method = method;
            this.path = path;
            this.status = raw.statusCode();
            this.raw = raw;
        }

        void requireSuccess(String notFoundMessage) {
            if (status < 200 || status > 299) {
                throw ErrorMapper.fromResponse(status, raw.body(), notFoundMessage);
            }
        }

        String nextToken() {
            String token = raw.headers().firstValue("X-Next-Token").orElse(null);
            return token == null || token.isEmpty() ? null : token;
        }

        <T> T read(Class<T> type) {
            return read(Json.MAPPER.constructType(type));
        }

        <T> List<T> readList(Class<T> elementType) {
            List<T> list = read(Json.MAPPER.getTypeFactory().constructCollectionType(List.class, elementType));
            return list == null ? List.of() : list;
        }

        private <T> T read(JavaType type) {
            byte[] body = raw.body();
            if (body == null || body.length == 0) {
                throw ErrorMapper.malformed("empty body from " + method + " " + path, status, null);
            }
            try {
                T value = Json.MAPPER.readValue(body, type);
                if (value == null && !type.isCollectionLikeType()) {
                    throw ErrorMapper.malformed("null body from " + method + " " + path, status, null);
                }
                return value;
            } catch (IOException e) {
                throw ErrorMapper.malformed("cannot parse the body of " + method + " " + path + ": " + e.getMessage(), status, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ControlPlaneApi{" + apiUrl + "}";
    }
}
