package dev.sandboxemulator.emulator.server.envd;

import com.sun.net.httpserver.HttpExchange;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.server.QueryStrings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads what envd's clients send: headers, Basic authorization, Connect's timeouts, queries, bodies. */
final class EnvdRequests {
    /** Keepalives go out at least this often, so a client that left is noticed soon. */
    private static final Duration MAX_KEEPALIVE_INTERVAL = Duration.ofSeconds(2);
    /** Longer Connect deadlines are cut to this: far beyond any sandbox's life, and safe to add to a clock. */
    private static final Duration MAX_DEADLINE = Duration.ofDays(365);

    private EnvdRequests() {
    }

    /** The sandbox the request names: {@code Novita-Sandbox-Id}, or E2B's {@code E2b-Sandbox-Id}. */
    static Optional<String> sandboxId(HttpExchange exchange) {
        Optional<String> id = header(exchange, "Novita-Sandbox-Id");
        return id.isPresent() ? id : header(exchange, "E2b-Sandbox-Id");
    }

    static Optional<String> accessToken(HttpExchange exchange) {
        return header(exchange, "X-Access-Token");
    }

    static Optional<String> header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).filter(v -> !v.isEmpty());
    }

    /** The user named by a Basic authorization header ({@code user:} with an empty password), if any. */
    static Optional<String> basicAuthUser(HttpExchange exchange) {
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
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
    }

    /** Connect's {@code Connect-Timeout-Ms}: the call's deadline, if it has one. */
    static Optional<Duration> connectTimeout(HttpExchange exchange) {
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

    /** How often a stream sends keepalives: as the client asks, but at least every two seconds. */
    static Duration keepaliveInterval(HttpExchange exchange) {
        Duration requested = header(exchange, "Keepalive-Ping-Interval").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return MAX_KEEPALIVE_INTERVAL;
            }
        }).orElse(MAX_KEEPALIVE_INTERVAL);
        return requested.compareTo(MAX_KEEPALIVE_INTERVAL) < 0 ? requested : MAX_KEEPALIVE_INTERVAL;
    }

    /** The query, the last value of each parameter winning. */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        QueryStrings.parse(exchange.getRequestURI().getRawQuery())
                .forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        return query;
    }

    /** A number parameter of the query, if present. */
    static Optional<Long> longParameter(Map<String, String> query, String name, String meaning) {
        String value = query.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be " + meaning);
        }
    }

    /** The whole body, or {@code resource_exhausted} when it is longer than {@code limit}. */
    static byte[] readAll(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            throw new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, "request body larger than " + limit + " bytes");
        }
        return body;
    }

    static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    }
}
