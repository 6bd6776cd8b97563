package dev.sandboxemulator.emulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.RequestTooLargeException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches each exchange to the first route whose method and path match, after the request
 * filter (authentication) has accepted it, and renders whatever comes back, errors included.
 * Routes are tried in registration order, so fixed paths such as {@code /sandboxes/quota} are
 * registered before {@code /sandboxes/{id}}.
 */
final class Router implements HttpHandler {

    /** Request bodies above this size are refused with 413: the control plane never needs more. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request) throws IOException;
    }

    @FunctionalInterface
    interface RequestFilter {
        /** The caller's tenant; throws an {@link EngineException} to refuse the request. */
        Tenant authenticate(ApiRequest request);
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final RequestFilter filter;

    Router(RequestFilter filter) {
        this.filter = filter;
    }

    /** Adds a route; {@code pathRegex} capture groups become path parameters. */
    Router route(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            ApiResponse response;
            try {
                response = dispatch(exchange, method, path);
            } catch (Exception | Error e) {
                // Even an Error (a stack overflow, memory exhausted by one request) gets an
                // answer, and the server's thread lives on for the next request.
                response = ErrorMapping.toResponse(e, method, path);
            }
            write(exchange, method, response);
        }
    }

    private ApiResponse dispatch(HttpExchange exchange, String method, String rawPath) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Matcher matcher = route.path.matcher(rawPath);
            if (!matcher.matches()) {
                continue;
            }
            if (!route.method.equals(method)) {
                allowed.add(route.method);
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int group = 1; group <= matcher.groupCount(); group++) {
                params.add(decodePathSegment(matcher.group(group)));
            }
            ApiRequest request = new ApiRequest(method, rawPath, params, QueryStrings.parse(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders(), body);
            request.authenticatedAs(filter.authenticate(request));
            return route.handler.handle(request);
        }
        if (!allowed.isEmpty()) {
            return ErrorMapping.error(405, "method " + method + " is not allowed on " + rawPath + "; allowed: "
                    + String.join(", ", allowed)).withHeader("Allow", String.join(", ", allowed));
        }
        return ErrorMapping.error(404, "no such endpoint: " + method + " " + rawPath);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            in.transferTo(OutputStream.nullOutputStream());
            throw new RequestTooLargeException("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static void write(HttpExchange exchange, String method, ApiResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String decodePathSegment(String raw) {
        return QueryStrings.decode(raw.replace("+", "%2B"), "path");
    }
}
