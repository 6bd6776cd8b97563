package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sandboxemulator.emulator.engine.DataPlaneAccess;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.SandboxState;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.server.ErrorTable;
import dev.sandboxemulator.emulator.server.QueryStrings;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * envd, the in-sandbox daemon, for every sandbox at once: requests are routed by the
 * {@code Novita-Sandbox-Id} header (or {@code E2b-Sandbox-Id}), since all sandboxes share one URL.
 * Serves the Connect services {@code filesystem.Filesystem} and {@code process.Process} and the
 * plain endpoints {@code /files} and {@code /health}.
 */
public final class EnvdHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(EnvdHandler.class.getName());

    /** Uploads above this size are refused: everything is held in memory. */
    static final int MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
    private static final int MAX_RPC_BYTES = 4 * 1024 * 1024;
    /** Keepalives go out at least this often, so a client that left is noticed soon. */
    private static final Duration MAX_KEEPALIVE_INTERVAL = Duration.ofSeconds(2);
    /** Longer Connect deadlines are cut to this: far beyond any sandbox's life, and safe to add to a clock. */
    private static final Duration MAX_DEADLINE = Duration.ofDays(365);
    private static final String UNAUTHORIZED =
            "unauthorized access, please provide a valid access token or method signing if supported";
    private static final Set<String> STREAMING = Set.of("filesystem.Filesystem/WatchDir", "process.Process/Start",
            "process.Process/Connect");

    private final Engine engine;

    public EnvdHandler(Engine engine) {
        this.engine = engine;
    }

    /** The path prefixes this handler serves, for the server's contexts. */
    public static List<String> contexts() {
        return List.of("/filesystem.Filesystem/", "/process.Process/", "/files", "/health");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            try {
                if (path.equals("/health")) {
                    health(exchange);
                } else if (path.equals("/files")) {
                    files(exchange);
                } else if (path.startsWith("/filesystem.Filesystem/") || path.startsWith("/process.Process/")) {
                    rpc(exchange, path.substring(1));
                } else {
                    httpError(exchange, 404, "no such endpoint: " + exchange.getRequestMethod() + " " + path);
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                // The last line of defence: whatever one request did (even a StackOverflowError),
                // it gets an answer and the server's thread lives on.
                answerAfterFailure(exchange, path, e);
            }
        }
    }

    private static void answerAfterFailure(HttpExchange exchange, String path, Throwable failure) {
        ConnectException error = DataPlaneFailures.toConnect(failure, exchange.getRequestMethod() + " " + path);
        try {
            if (exchange.getResponseCode() != -1) {
                return; // the answer had begun: closing the exchange is all that is left
            }
            if (path.equals("/files") || path.equals("/health")) {
                httpError(exchange, error.httpStatus(), error.getMessage());
            } else {
                connectError(exchange, error, error.httpStatus());
            }
        } catch (IOException | RuntimeException unanswerable) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer " + path + " after a failure", unanswerable);
        }
    }

    // ---- Connect RPC ---------------------------------------------------------------------

    private void rpc(HttpExchange exchange, String procedure) throws IOException {
        boolean streaming = STREAMING.contains(procedure);
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            connectError(exchange, new ConnectException(ConnectCode.UNIMPLEMENTED, "Connect RPCs are POST requests"), 405);
            return;
        }
        String service = procedure.substring(0, procedure.indexOf('/'));
        String method = procedure.substring(procedure.indexOf('/') + 1);
        RpcStream stream = streaming ? new RpcStream(exchange) : null;
        AutoCloseable held = null;
        try {
            byte[] body = readAll(exchange.getRequestBody(), MAX_RPC_BYTES);
            EnvdCall call = authorizeRpc(exchange);
            DataPlaneAccess access = call.access();
            if (!streaming) {
                JsonNode request = ProtoJson.parse(body);
                JsonNode response = access.use(() -> service.equals("filesystem.Filesystem")
                        ? FilesystemRpc.unary(method, call, request)
                        : ProcessRpc.unary(method, call, request));
                writeJson(exchange, 200, "application/json", response);
                return;
            }
            JsonNode request = ProtoJson.parse(Envelopes.readSingleRequest(body));
            Optional<Duration> timeout = connectTimeout(exchange);
            VirtualTime time = access.time();
            JsonNode keepalive;
            if (method.equals("WatchDir")) {
                SandboxFileSystem.Watch watch = access.use(() -> FilesystemRpc.watch(call, request, stream));
                VirtualTime.Cancellable deadline = timeout.map(t -> time.after(t, () -> stream.end(
                        new ConnectException(ConnectCode.DEADLINE_EXCEEDED, "the watch's deadline of " + t.toMillis() + " ms expired"))))
                        .orElse(() -> false);
                held = () -> {
                    watch.close();
                    deadline.cancel();
                };
                keepalive = ProtoJson.object().set("keepalive", ProtoJson.object());
            } else {
                held = access.use(() -> method.equals("Start")
                        ? ProcessRpc.start(call, request, stream, timeout, time)
                        : ProcessRpc.connect(call, request, stream, timeout, time));
                ObjectNode event = ProtoJson.object();
                event.putObject("event").putObject("keepalive");
                keepalive = event;
            }
            stream.pump(keepalive, keepaliveInterval(exchange));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | StackOverflowError e) {
            ConnectException error = DataPlaneFailures.toConnect(e, procedure);
            if (streaming) {
                stream.failBeforeStart(error);
            } else {
                connectError(exchange, error, error.httpStatus());
            }
        } finally {
            if (held != null) {
                try {
                    held.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "releasing a stream's resources failed", e);
                }
            }
        }
    }

    private EnvdCall authorizeRpc(HttpExchange exchange) {
        String sandboxId = sandboxHeader(exchange).orElseThrow(() -> new ConnectException(ConnectCode.INVALID_ARGUMENT,
                "missing Novita-Sandbox-Id header: the emulator serves every sandbox on one URL and routes by it"));
        DataPlaneAccess access = open(sandboxId);
        SandboxView sandbox = access.sandbox();
        if (sandbox.secure() && !sandbox.envdAccessToken().equals(header(exchange, "X-Access-Token"))) {
            throw new ConnectException(ConnectCode.UNAUTHENTICATED, UNAUTHORIZED);
        }
        return new EnvdCall(access, basicAuthUser(exchange).orElse(EnvdCall.DEFAULT_USER));
    }

    private DataPlaneAccess open(String sandboxId) {
        try {
            return engine.dataPlane(sandboxId);
        } catch (EngineException | BackendException e) {
            throw DataPlaneFailures.toConnect(e, "opening sandbox " + sandboxId);
        }
    }

    private static Optional<String> basicAuthUser(HttpExchange exchange) {
        Optional<String> authorization = header(exchange, "Authorization");
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.get().substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(ConnectCode.UNAUTHENTICATED, "malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return user.isEmpty() ? Optional.empty() : Optional.of(EnvdCall.validUser(user));
    }

    private static Optional<Duration> connectTimeout(HttpExchange exchange) {
        Optional<String> value = header(exchange, "Connect-Timeout-Ms");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(value.get().trim());
            if (millis <= 0) {
                return Optional.empty();
            }
            // Bounded, so that adding it to the clock cannot overflow; no sandbox lives this long.
            return Optional.of(Duration.ofMillis(Math.min(millis, MAX_DEADLINE.toMillis())));
        } catch (NumberFormatException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "Connect-Timeout-Ms must be a number of milliseconds");
        }
    }

    private static Duration keepaliveInterval(HttpExchange exchange) {
        Duration requested = header(exchange, "Keepalive-Ping-Interval").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return MAX_KEEPALIVE_INTERVAL;
            }
        }).orElse(MAX_KEEPALIVE_INTERVAL);
        return requested.compareTo(MAX_KEEPALIVE_INTERVAL) < 0 ? requested : MAX_KEEPALIVE_INTERVAL;
    }

    private static void connectError(HttpExchange exchange, ConnectException e, int status) throws IOException {
        ObjectNode body = ProtoJson.object();
        body.put("code", e.code().wireName());
        body.put("message", e.getMessage());
        writeJson(exchange, status, "application/json", body);
    }

    // ---- /health -------------------------------------------------------------------------

    private void health(HttpExchange exchange) throws IOException {
        drain(exchange);
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            httpError(exchange, 405, "method " + exchange.getRequestMethod() + " is not allowed on /health");
            return;
        }
        Optional<String> id = sandboxHeader(exchange);
        if (id.isEmpty()) {
            httpError(exchange, 400, "missing Novita-Sandbox-Id header");
            return;
        }
        Optional<SandboxView> view = engine.lookup(id.get());
        if (view.isEmpty()) {
            httpError(exchange, 502, "sandbox " + Engine.shortId(id.get()) + " is not running");
        } else if (view.get().state() == SandboxState.RUNNING) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            httpError(exchange, 502, "sandbox " + view.get().sandboxId() + " is paused");
        }
    }

    // ---- /files --------------------------------------------------------------------------

    private void files(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            drain(exchange);
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            httpError(exchange, 405, "method " + method + " is not allowed on /files");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String operation = method.equals("GET") ? "read" : "write";
        EnvdCall call;
        try {
            call = authorizeFiles(exchange, query, operation);
        } catch (FilesError e) {
            drain(exchange);
            httpError(exchange, e.status, e.getMessage());
            return;
        }
        try {
            if (method.equals("GET")) {
                drain(exchange);
                download(exchange, call, query);
            } else {
                upload(exchange, call, query);
            }
        } catch (FilesError e) {
            drain(exchange);
            httpError(exchange, e.status, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            drain(exchange);
            ConnectException error = DataPlaneFailures.toConnect(e, method + " /files");
            httpError(exchange, error.httpStatus(), error.getMessage());
        }
    }

    private void download(HttpExchange exchange, EnvdCall call, Map<String, String> query) throws IOException {
        String path = call.resolve(query.getOrDefault("path", ""));
        SandboxFileSystem files = call.access().files();
        FileEntry entry = call.access().use(() -> files.stat(path)).orElseThrow(() ->
                new FilesError(404, "path '" + path + "' does not exist"));
        if (entry.type() == FileEntry.Type.DIRECTORY) {
            throw new FilesError(400, "path '" + path + "' is a directory");
        }
        byte[] content = call.access().use(() -> files.read(path));
        String acceptEncoding = header(exchange, "Accept-Encoding").orElse("");
        if (acceptEncoding.toLowerCase().contains("gzip")) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                gzip.write(content);
            }
            content = compressed.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + entry.name() + "\"");
        exchange.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
        if (content.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
    }

    private void upload(HttpExchange exchange, EnvdCall call, Map<String, String> query) throws IOException {
        byte[] body;
        try {
            body = readAll(exchange.getRequestBody(), MAX_UPLOAD_BYTES);
        } catch (ConnectException tooLarge) {
            throw new FilesError(413, "upload larger than " + MAX_UPLOAD_BYTES + " bytes");
        }
        String contentType = header(exchange, "Content-Type").orElse("");
        Map<String, byte[]> writes = new LinkedHashMap<>();
        if (contentType.toLowerCase().startsWith("multipart/form-data")) {
            List<Multipart.Part> parts;
            try {
                parts = Multipart.parse(contentType, body);
            } catch (IllegalArgumentException e) {
                throw new FilesError(400, "malformed multipart body: " + e.getMessage());
            }
            for (Multipart.Part part : parts) {
                String name = part.filename().filter(f -> !f.isEmpty()).orElse(query.get("path"));
                if (name == null || name.isEmpty()) {
                    throw new FilesError(400, "a multipart part has no filename and the request has no path");
                }
                String path = call.resolve(query.containsKey("path") && parts.size() == 1 ? query.get("path") : name);
                if (writes.containsKey(path)) {
                    throw new FilesError(400, "path '" + path + "' appears twice in one upload");
                }
                writes.put(path, part.content());
            }
        } else if (contentType.toLowerCase().startsWith("application/octet-stream")) {
            String path = query.get("path");
            if (path == null || path.isEmpty()) {
                throw new FilesError(400, "an octet-stream upload needs the path query parameter");
            }
            if (header(exchange, "Content-Encoding").map(v -> v.toLowerCase().contains("gzip")).orElse(false)) {
                try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = gzip.readAllBytes();
                } catch (IOException e) {
                    throw new FilesError(400, "the body is not valid gzip: " + e.getMessage());
                }
            }
            writes.put(call.resolve(path), body);
        } else {
            throw new FilesError(400, "unsupported Content-Type '" + contentType
                    + "': use multipart/form-data or application/octet-stream");
        }
        if (writes.isEmpty()) {
            throw new FilesError(400, "the upload holds no file");
        }
        ArrayNode written = ProtoJson.MAPPER.createArrayNode();
        List<FileEntry> entries = call.access().use(() -> {
            List<FileEntry> made = new ArrayList<>();
            for (Map.Entry<String, byte[]> write : writes.entrySet()) {
                made.add(call.access().files().write(write.getKey(), write.getValue(), call.user()));
            }
            return made;
        });
        for (FileEntry entry : entries) {
            ObjectNode info = written.addObject();
            info.put("path", entry.path());
            info.put("name", entry.name());
            info.put("type", "file");
        }
        writeJson(exchange, 200, "application/json", written);
    }

    /**
     * {@code /files} accepts the access token or a signature. A request without a sandbox header
     * (a signed URL from {@code uploadUrl()}/{@code downloadUrl()}) goes to the sandbox whose token
     * made its signature, or to the only running sandbox.
     */
    private EnvdCall authorizeFiles(HttpExchange exchange, Map<String, String> query, String operation) {
        String user = Optional.ofNullable(query.get("username")).filter(u -> !u.isEmpty()).orElse(null);
        String path = query.getOrDefault("path", "");
        String signature = query.get("signature");
        Long expiration = null;
        if (query.containsKey("signature_expiration")) {
            try {
                expiration = Long.parseLong(query.get("signature_expiration"));
            } catch (NumberFormatException e) {
                throw new FilesError(400, "signature_expiration must be a unix time in seconds");
            }
        }
        Optional<String> sandboxId = sandboxHeader(exchange);
        if (sandboxId.isEmpty()) {
            sandboxId = Optional.ofNullable(routeBySignature(signature, path, operation, user, expiration));
        }
        if (sandboxId.isEmpty()) {
            throw new FilesError(400, "missing Novita-Sandbox-Id header (and no signature that names a sandbox)");
        }
        DataPlaneAccess access;
        try {
            access = engine.dataPlane(sandboxId.get());
        } catch (EngineException e) {
            // As the edge proxy answers a download or upload link: a sandbox it cannot open is a bad
            // gateway, whatever the reason, unless the running quota kept it from waking.
            throw new FilesError(e instanceof QuotaExceededException ? 429 : 502, e.getMessage());
        }
        SandboxView sandbox = access.sandbox();
        Optional<String> token = header(exchange, "X-Access-Token");
        if (sandbox.secure()) {
            if (token.isPresent()) {
                if (!token.equals(sandbox.envdAccessToken())) {
                    throw new FilesError(401, UNAUTHORIZED);
                }
            } else {
                if (signature == null || !Signatures.matches(signature, path, operation, user,
                        sandbox.envdAccessToken().orElseThrow(), expiration)) {
                    throw new FilesError(401, UNAUTHORIZED);
                }
                if (expiration != null && expiration < access.time().now().getEpochSecond()) {
                    throw new FilesError(401, "the signature expired at " + expiration);
                }
            }
        }
        try {
            return new EnvdCall(access, user == null ? EnvdCall.DEFAULT_USER : EnvdCall.validUser(user));
        } catch (ConnectException e) {
            throw new FilesError(401, e.getMessage());
        }
    }

    private String routeBySignature(String signature, String path, String operation, String user, Long expiration) {
        List<SandboxView> running = engine.running();
        if (signature != null) {
            for (SandboxView candidate : running) {
                if (candidate.envdAccessToken().isPresent()
                        && Signatures.matches(signature, path, operation, user, candidate.envdAccessToken().get(), expiration)) {
                    return candidate.sandboxId();
                }
            }
        }
        return running.size() == 1 ? running.get(0).sandboxId() : null;
    }

    /** A /files failure with its HTTP status; rendered as {@code {"code","message"}}. */
    private static final class FilesError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        FilesError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    // ---- plumbing ------------------------------------------------------------------------

    private static Optional<String> sandboxHeader(HttpExchange exchange) {
        Optional<String> id = header(exchange, "Novita-Sandbox-Id");
        return id.isPresent() ? id : header(exchange, "E2b-Sandbox-Id");
    }

    private static Optional<String> header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).filter(v -> !v.isEmpty());
    }

    /** The /files query, the last value of each parameter winning. */
    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        try {
            QueryStrings.parse(raw).forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        } catch (EngineException e) {
            throw new FilesError(ErrorTable.answerFor(e).restStatus(), e.getMessage());
        }
        return query;
    }

    private static byte[] readAll(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            throw new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, "request body larger than " + limit + " bytes");
        }
        return body;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    }

    private static void httpError(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = ProtoJson.object();
        body.put("code", status);
        body.put("message", message);
        writeJson(exchange, status, "application/json", body);
    }

    private static void writeJson(HttpExchange exchange, int status, String contentType, JsonNode body) throws IOException {
        byte[] bytes = ProtoJson.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
