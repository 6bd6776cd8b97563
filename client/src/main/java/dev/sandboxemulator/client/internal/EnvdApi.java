package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.client.SandboxException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The calls on one sandbox's envd: Connect RPCs (unary and server-streaming, JSON encoding) and the plain HTTP
 * endpoints {@code /files} and {@code /health}. Instances are immutable and thread-safe.
 *
 * <p>Every request carries {@code Novita-Sandbox-Id}, {@code Novita-Sandbox-Port: 49983}, {@code User-Agent}, and
 * {@code X-Access-Token} when the sandbox has an envd access token. RPCs add {@code Connect-Protocol-Version: 1} and,
 * when a user is selected, {@code Authorization: Basic base64("<user>:")}; {@code /files} selects the user with the
 * {@code username} query parameter instead. envd older than 0.4.0 has no default user, so {@code "user"} is sent when
 * none is given, like the SDK.
 */
public final class EnvdApi {
    /** The port envd listens on inside every sandbox. */
    public static final int PORT = 49983;

    /** The user envd older than 0.4.0 needs to be told explicitly. */
    public static final String LEGACY_DEFAULT_USER = "user";

    /** The first envd version with a default user. */
    public static final String DEFAULT_USER_VERSION = "0.4.0";

    static final int NO_STATUS = SandboxException.NO_STATUS;

    private static final Set<String> CONNECT_CODES =
            Set.of(
                    "canceled",
                    "unknown",
                    "invalid_argument",
                    "deadline_exceeded",
                    "not_found",
                    "already_exists",
                    "permission_denied",
                    "resource_exhausted",
                    "failed_precondition",
                    "aborted",
                    "out_of_range",
                    "unimplemented",
                    "internal",
                    "unavailable",
                    "data_loss",
                    "unauthenticated");

    private final HttpClient http;
    private final String baseUrl;
    private final String sandboxId;
    private final String accessToken;
    private final String envdVersion;
    private final Duration requestTimeout;

    /**
     * @param baseUrl envd's base URL; trailing slashes are removed
     * @param accessToken the sandbox's envd access token, or null
     * @param requestTimeout the default per-request timeout; zero means none
     */
    public EnvdApi(
            HttpClient http,
            String baseUrl,
            String sandboxId,
            String accessToken,
            String envdVersion,
            Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http == null");
        String url = Objects.requireNonNull(baseUrl, "baseUrl == null");
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.baseUrl = url;
        this.sandboxId = Objects.requireNonNull(sandboxId, "sandboxId == null");
        this.accessToken = accessToken;
        this.envdVersion = Objects.requireNonNull(envdVersion, "envdVersion == null");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
    }

    /** Returns envd's base URL, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Returns the default per-request timeout; zero means none. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Returns the sandbox's envd version. */
    public String envdVersion() {
        return envdVersion;
    }

    /** Returns the user to send: {@code user} when given, else {@code "user"} for envd older than 0.4.0, else null. */
    public String effectiveUser(String user) {
        if (user != null) {
            return user;
        }
        return EnvdVersion.isBelow(envdVersion, DEFAULT_USER_VERSION) ? LEGACY_DEFAULT_USER : null;
    }

    /** Returns true if {@code code} is one of the sixteen Connect codes. */
    static boolean isConnectCode(String code) {
        return code != null && CONNECT_CODES.contains(code);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connect RPC

    /**
     * Calls a unary RPC and returns its response message or its Connect error.
     *
     * @param procedure {@code /<package>.<Service>/<Method>}
     * @param user the user to run as, or null for the default
     * @param timeout the request timeout, or null for the default; zero means none
     * @throws SandboxException if the exchange failed (a timeout or I/O error), or a 200 response was not JSON
     */
    public RpcOutcome unary(String procedure, ObjectNode message, String user, Duration timeout) {
        HttpRequest.Builder request =
                rpcRequest(procedure, user)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(ProtoJson.toBytes(message)));
        Duration effective = timeout != null ? timeout : requestTimeout;
        if (!effective.isZero()) {
            request.timeout(effective);
        }
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            return RpcOutcome.failure(errorFromResponse(response.statusCode(), response.body()));
        }
        try {
            return RpcOutcome.success(ProtoJson.parse(response.body()));
        } catch (IOException e) {
            throw malformed("the response of " + procedure + " is not JSON: " + e.getMessage(), response.statusCode(), e);
        }
    }

    /**
     * Calls a unary RPC and returns its response message, turning a Connect error into its public exception.
     *
     * @param fileScoped whether this is a filesystem RPC, which makes {@code not_found} a file-not-found exception
     * @throws SandboxException the mapped Connect error, or as {@link #unary}
     */
    public JsonNode call(String procedure, ObjectNode message, String user, Duration timeout, boolean fileScoped) {
        RpcOutcome outcome = unary(procedure, message, user, timeout);
        if (outcome.error() != null) {
            throw outcome.error().toException(fileScoped);
        }
        return outcome.message();
    }

    /**
     * Starts a server-streaming RPC. The request is sent asynchronously; read the responses with
     * {@link ServerStream#next()}. No client-side deadline applies: the caller bounds the wait for the first message
     * and closes the stream to give up.
     *
     * @param timeout sent as {@code Connect-Timeout-Ms}, which envd enforces as the operation's lifetime; zero sends no
     *     header
     */
    public ServerStream stream(String procedure, ObjectNode message, String user, Duration timeout) {
        HttpRequest.Builder request =
                rpcRequest(procedure, user)
                        .header("Content-Type", "application/connect+json")
                        .header("Keepalive-Ping-Interval", "50")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope(0, ProtoJson.toBytes(message))));
        if (!timeout.isZero()) {
            request.header("Connect-Timeout-Ms", Long.toString(timeout.toMillis()));
        }
        return new ServerStream(procedure, http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Returns one Connect envelope: the flag byte, the 4-byte big-endian length, then {@code payload}. */
    public static byte[] envelope(int flags, byte[] payload) {
        byte[] framed = new byte[5 + payload.length];
        framed[0] = (byte) flags;
        framed[1] = (byte) (payload.length >>> 24);
        framed[2] = (byte) (payload.length >>> 16);
        framed[3] = (byte) (payload.length >>> 8);
        framed[4] = (byte) payload.length;
        System.arraycopy(payload, 0, framed, 5, payload.length);
        return framed;
    }

    /**
     * Returns the Connect error carried by a non-200 response: the body's {@code code} and {@code message} when it is a
     * JSON error with a known code, else the code derived from the status (see {@link ErrorMapper#codeFromHttpStatus})
     * with the body's message or text.
     */
    static RpcError errorFromResponse(int status, byte[] body) {
        String code = null;
        try {
            JsonNode node = body == null || body.length == 0 ? null : ProtoJson.parse(body);
            JsonNode codeNode = ProtoJson.member(node, "code");
            if (codeNode != null && codeNode.isTextual() && isConnectCode(codeNode.asText())) {
                code = codeNode.asText();
            }
        } catch (IOException notJson) {
            // The code comes from the status.
        }
        return new RpcError(
                code != null ? code : ErrorMapper.codeFromHttpStatus(status), ErrorMapper.message(status, body), status);
    }

    private HttpRequest.Builder rpcRequest(String procedure, String user) {
        HttpRequest.Builder request = request(procedure).header("Connect-Protocol-Version", "1");
        String effective = effectiveUser(user);
        if (effective != null) {
            request.header("Authorization", basicAuth(effective));
        }
        return request;
    }

    /** Returns {@code Basic base64("<user>:")}. */
    public static String basicAuth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Plain HTTP

    /**
     * {@code GET /health}.
     *
     * @return true on 2xx, false on 502 (the proxy's answer for a sandbox that is not running)
     * @throws SandboxException for any other status (see {@link ErrorMapper#fromEnvdResponse}) or a failed exchange
     */
    public boolean health(Duration timeout) {
        HttpRequest.Builder request = request("/health").GET();
        applyTimeout(request, timeout);
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 502) {
            return false;
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw ErrorMapper.fromEnvdResponse(response.statusCode(), response.body(), false);
        }
        return true;
    }

    /**
     * {@code GET /files?path=&username=}: returns the file's bytes as they arrive, gunzipped when the server sent
     * {@code Content-Encoding: gzip}. The caller closes the stream.
     *
     * @param gzip whether to send {@code Accept-Encoding: gzip}
     * @throws SandboxException for a non-200 status (404 is a file-not-found exception) or a failed exchange
     */
    public InputStream readFile(String path, String user, boolean gzip, Duration timeout) {
        List<String> query = new ArrayList<>();
        query.add("path=" + UriEncoding.encodeUriComponent(path));
        String effective = effectiveUser(user);
        if (effective != null) {
            query.add("username=" + UriEncoding.encodeUriComponent(effective));
        }
        HttpRequest.Builder request = request("/files?" + String.join("&", query)).GET();
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        applyTimeout(request, timeout);
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        if (response.statusCode() != 200) {
            byte[] bytes;
            try (body) {
                bytes = body.readNBytes(64 * 1024);
            } catch (IOException e) {
                throw ErrorMapper.fromTransport(e, "GET", baseUrl + "/files");
            }
            throw ErrorMapper.fromEnvdResponse(response.statusCode(), bytes, true);
        }
        if (response.headers().firstValueAsLong("Content-Length").orElse(-1L) == 0L) {
            try {
                body.close();
            } catch (IOException ignored) {
                // The body is empty anyway.
            }
            return new ByteArrayInputStream(new byte[0]);
        }
        String encoding = response.headers().firstValue("Content-Encoding").orElse("").trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("gzip")) {
            try {
                return new GZIPInputStream(body);
            } catch (IOException e) {
                try {
                    body.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw malformed("the gzip body of GET /files is unreadable: " + e.getMessage(), 200, e);
            }
        }
        return body;
    }

    /**
     * {@code POST /files[?path=][&username=]} with a multipart/form-data body: one part per file, form name
     * {@code file}, filename the destination path.
     *
     * @param queryPath the {@code path} query parameter (single-file writes), or null
     * @param files destination path to content, in order
     * @return the response's JSON array
     * @throws SandboxException for a non-2xx status (507 is a not-enough-space exception) or a failed exchange
     */
    public JsonNode writeFiles(String queryPath, String user, List<Map.Entry<String, byte[]>> files, Duration timeout) {
        List<String> query = new ArrayList<>();
        if (queryPath != null) {
            query.add("path=" + UriEncoding.encodeUriComponent(queryPath));
        }
        String effective = effectiveUser(user);
        if (effective != null) {
            query.add("username=" + UriEncoding.encodeUriComponent(effective));
        }
        Multipart multipart = new Multipart(Multipart.newBoundary());
        files.forEach(file -> multipart.addFile("file", file.getKey(), file.getValue()));
        HttpRequest.Builder request =
                request("/files" + (query.isEmpty() ? "" : "?" + String.join("&", query)))
                        .header("Content-Type", multipart.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(multipart.parts()));
        applyTimeout(request, timeout);
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw ErrorMapper.fromEnvdResponse(response.statusCode(), response.body(), true);
        }
        try {
            return ProtoJson.parse(response.body());
        } catch (IOException e) {
            throw malformed("the response of POST /files is not JSON: " + e.getMessage(), response.statusCode(), e);
        }
    }

    /**
     * Returns a {@code /files} URL that needs no headers: {@code ?[username=]&path=&signature=v1_...
     * [&signature_expiration=]}, form-encoded like {@code URLSearchParams}. Without an access token the URL carries no
     * signature.
     *
     * @param path the file path, or null for none (uploads may name the path in the multipart filename)
     * @param operation {@code "read"} or {@code "write"}
     * @param expiresAtEpochSecond the signature's expiry in unix seconds, or null for none
     */
    public String fileUrl(String path, String operation, String user, Long expiresAtEpochSecond) {
        List<String> query = new ArrayList<>();
        String effective = effectiveUser(user);
        if (effective != null) {
            query.add("username=" + UriEncoding.formEncode(effective));
        }
        if (path != null) {
            query.add("path=" + UriEncoding.formEncode(path));
        }
        if (accessToken != null) {
            String signature =
                    FileSignature.sign(path == null ? "" : path, operation, effective, accessToken, expiresAtEpochSecond);
            query.add("signature=" + UriEncoding.formEncode(signature));
            if (expiresAtEpochSecond != null) {
                query.add("signature_expiration=" + expiresAtEpochSecond);
            }
        }
        return baseUrl + "/files" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    /** Returns whether the sandbox has an envd access token. */
    public boolean hasAccessToken() {
        return accessToken != null;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                        .header("User-Agent", ControlPlaneApi.USER_AGENT)
                        .header("Novita-Sandbox-Id", sandboxId)
                        .header("Novita-Sandbox-Port", Integer.toString(PORT));
        if (accessToken != null) {
            request.header("X-Access-Token", accessToken);
        }
        return request;
    }

    private void applyTimeout(HttpRequest.Builder request, Duration timeout) {
        Duration effective = timeout != null ? timeout : requestTimeout;
        if (!effective.isZero()) {
            request.timeout(effective);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw ErrorMapper.fromTransport(e, request.method(), request.uri().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorMapper.fromInterrupt(e, request.method(), request.uri().toString());
        }
    }

    private static SandboxException malformed(String detail, int status, Throwable cause) {
        return new SandboxException("Malformed response from envd: " + detail, status, cause);
    }

    @Override
    public String toString() {
        return "EnvdApi{" + baseUrl + ", sandbox=" + sandboxId + "}";
    }

    /**
     * The result of a unary call: exactly one of {@code message} and {@code error} is non-null.
     *
     * @param message the response message
     * @param error the Connect error
     */
    public record RpcOutcome(JsonNode message, RpcError error) {
        static RpcOutcome success(JsonNode message) {
            return new RpcOutcome(message, null);
        }

        static RpcOutcome failure(RpcError error) {
            return new RpcOutcome(null, error);
        }
    }
}
