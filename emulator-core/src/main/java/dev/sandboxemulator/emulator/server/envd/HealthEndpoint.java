package dev.sandboxemulator.emulator.server.envd;

import com.sun.net.httpserver.HttpExchange;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;

import java.io.IOException;
import java.util.Optional;

/** {@code GET /health}: 204 from a running sandbox; 502, as the edge proxy answers, from any other. */
final class HealthEndpoint {
    private final DataPlane dataPlane;

    HealthEndpoint(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    void serve(HttpExchange exchange, Tenant scope) throws IOException {
        EnvdRequests.drain(exchange);
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            EnvdAnswers.httpError(exchange, 405, "method " + exchange.getRequestMethod() + " is not allowed on /health");
            return;
        }
        Optional<String> id = EnvdRequests.sandboxId(exchange);
        if (id.isEmpty()) {
            EnvdAnswers.httpError(exchange, 400, "missing Novita-Sandbox-Id header");
            return;
        }
        switch (dataPlane.health(scope, id.get())) {
            case RUNNING:
                exchange.sendResponseHeaders(204, -1);
                break;
            case PAUSED:
                EnvdAnswers.httpError(exchange, 502, "sandbox " + Engine.shortId(id.get()) + " is paused");
                break;
            default:
                EnvdAnswers.httpError(exchange, 502, "sandbox " + Engine.shortId(id.get()) + " is not running");
        }
    }
}
