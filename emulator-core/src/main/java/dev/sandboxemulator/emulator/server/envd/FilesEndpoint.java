package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlaneCall;
import dev.sandboxemulator.emulator.engine.dataplane.FileRequest;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.engine.error.UnauthenticatedException;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /files} (download) and {@code POST /files} (upload: multipart, or an octet-stream
 * body, gzipped or not), answered as envd's HTTP handler answers: the file, a JSON list of what
 * was written, or {@code {"code": <status>, "message"}}.
 */
final class FilesEndpoint {
    /** Uploads above this size are refused: everything is held in memory. */
    static final int MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

    private final DataPlane dataPlane;

    FilesEndpoint(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    void serve(HttpExchange exchange, Tenant scope) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            EnvdRequests.drain(exchange);
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            EnvdAnswers.httpError(exchange, 405, "method " + method + " is not allowed on /files");
            return;
        }
        Map<String, String> query;
        DataPlaneCall call;
        try {
            query = EnvdRequests.query(exchange);
            call = dataPlane.openForFiles(scope, fileRequest(exchange, query, method.equals("GET")
                    ? FileRequest.Operation.READ : FileRequest.Operation.WRITE));
        } catch (EngineException e) {
            EnvdRequests.drain(exchange);
            EnvdAnswers.httpError(exchange, openingStatus(e), e.getMessage());
            return;
        }
        try {
            if (method.equals("GET")) {
                EnvdRequests.drain(exchange);
                download(exchange, call, query);
            } else {
                upload(exchange, call, query);
            }
        } catch (FilesError e) {
            EnvdRequests.drain(exchange);
            EnvdAnswers.httpError(exchange, e.status, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            EnvdRequests.drain(exchange);
            ConnectException error = DataPlaneFailures.toConnect(e, method + " /files");
            EnvdAnswers.httpError(exchange, error.httpStatus(), error.getMessage());
        }
    }

    private static FileRequest fileRequest(HttpExchange exchange, Map<String, String> query, FileRequest.Operation operation) {
        return new FileRequest(EnvdRequests.sandboxId(exchange), EnvdRequests.accessToken(exchange),
                Optional.ofNullable(query.get("username")).filter(u -> !u.isEmpty()), query.getOrDefault("path", ""), operation,
                Optional.ofNullable(query.get("signature")),
                EnvdRequests.longParameter(query, "signature_expiration", "a unix time in seconds"));
    }

    /**
     * As the edge proxy answers a download or upload link that cannot be opened: the client's own
     * mistakes as such, a sandbox kept from waking by the running quota as 429, and a sandbox it
     * cannot reach, for whatever reason, as a bad gateway.
     */
    private static int openingStatus(EngineException e) {
        if (e instanceof InvalidRequestException) {
            return 400;
        }
        if (e instanceof UnauthenticatedException) {
            return 401;
        }
        return e instanceof QuotaExceededException ? 429 : 502;
    }

    private static void download(HttpExchange exchange, DataPlaneCall call, Map<String, String> query) throws IOException {
        String path = call.resolve(query.getOrDefault("path", ""));
        SandboxFileSystem files = call.access().files();
        FileEntry entry = call.access().use(() -> files.stat(path)).orElseThrow(() ->
                new FilesError(404, "path '" + path + "' does not exist"));
        if (entry.type() == FileEntry.Type.DIRECTORY) {
            throw new FilesError(400, "path '" + path + "' is a directory");
        }
        byte[] content = call.access().use(() -> files.read(path));
        String acceptEncoding = EnvdRequests.header(exchange, "Accept-Encoding").orElse("");
        if (acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip")) {
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

    private static void upload(HttpExchange exchange, DataPlaneCall call, Map<String, String> query) throws IOException {
        byte[] body;
        try {
            body = EnvdRequests.readAll(exchange.getRequestBody(), MAX_UPLOAD_BYTES);
        } catch (ConnectException tooLarge) {
            throw new FilesError(413, "upload larger than " + MAX_UPLOAD_BYTES + " bytes");
        }
        Map<String, byte[]> writes = writes(exchange, call, query, body);
        List<FileEntry> entries = call.access().use(() -> {
            List<FileEntry> made = new ArrayList<>();
            for (Map.Entry<String, byte[]> write : writes.entrySet()) {
                made.add(call.access().files().write(write.getKey(), write.getValue(), call.user()));
            }
            return made;
        });
        ArrayNode written = ProtoJson.MAPPER.createArrayNode();
        for (FileEntry entry : entries) {
            ObjectNode info = written.addObject();
            info.put("path", entry.path());
            info.put("name", entry.name());
            info.put("type", "file");
        }
        EnvdAnswers.json(exchange, 200, written);
    }

    /** What an upload writes: resolved path → content, in the body's order. */
    private static Map<String, byte[]> writes(HttpExchange exchange, DataPlaneCall call, Map<String, String> query, byte[] body) {
        String contentType = EnvdRequests.header(exchange, "Content-Type").orElse("");
        String type = contentType.toLowerCase(Locale.ROOT);
        Map<String, byte[]> writes = new LinkedHashMap<>();
        if (type.startsWith("multipart/form-data")) {
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
        } else if (type.startsWith("application/octet-stream")) {
            String path = query.get("path");
            if (path == null || path.isEmpty()) {
                throw new FilesError(400, "an octet-stream upload needs the path query parameter");
            }
            boolean gzipped = EnvdRequests.header(exchange, "Content-Encoding")
                    .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
            writes.put(call.resolve(path), gzipped ? gunzip(body) : body);
        } else {
            throw new FilesError(400, "unsupported Content-Type '" + contentType
                    + "': use multipart/form-data or application/octet-stream");
        }
        if (writes.isEmpty()) {
            throw new FilesError(400, "the upload holds no file");
        }
        return writes;
    }

    private static byte[] gunzip(byte[] body) {
        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new FilesError(400, "the body is not valid gzip: " + e.getMessage());
        }
    }

    /** A /files refusal with its HTTP status. */
    private static final class FilesError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        FilesError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
