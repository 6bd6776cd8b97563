package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;

/**
 * envd's two error formats, and JSON answers. The Connect services answer {@code {"code":
 * "<connect code>", "message"}}; the plain endpoints ({@code /files}, {@code /health}) answer
 * {@code {"code": <http status>, "message"}}, as envd's own HTTP handlers do.
 */
final class EnvdAnswers {
    private EnvdAnswers() {
    }

    static void connectError(HttpExchange exchange, ConnectException e, int status) throws IOException {
        ObjectNode body = ProtoJson.object();
        body.put("code", e.code().wireName());
        body.put("message", e.getMessage());
        json(exchange, status, body);
    }

    static void httpError(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = ProtoJson.object();
        body.put("code", status);
        body.put("message", message);
        json(exchange, status, body);
    }

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = ProtoJson.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
