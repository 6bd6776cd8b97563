package dev.sandboxemulator.emulator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import dev.sandboxemulator.emulator.engine.Tenant;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed request, as route handlers see it: path parameters already extracted, the query
 * decoded, the body read.
 */
final class ApiRequest {
    private final String method;
    private final String path;
    private final List<String> pathParams;
    private final Map<String, List<String>> query;
    private final Headers headers;
    private final byte[] body;
    private Tenant tenant;

    ApiRequest(String method, String path, List<String> pathParams, Map<String, List<String>> query, Headers headers,
               byte[] body) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /** The caller's tenant, set once the request is authenticated. */
    Tenant tenant() {
        if (tenant == null) {
            throw new IllegalStateException("request not authenticated");
        }
        return tenant;
    }

    void authenticatedAs(Tenant tenant) {
        this.tenant = tenant;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The {@code index}th capture group of the route's pattern, percent-decoded. */
    String pathParam(int index) {
        return pathParams.get(index);
    }

    /** Every value of a query parameter, in order. */
    List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    Optional<String> queryParam(String name) {
        List<String> values = queryValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    boolean hasBody() {
        return body.length > 0;
    }

    /** The body as {@code type}; an absent body reads as {@code emptyValue}. */
    <T> T bodyAs(Class<T> type, T emptyValue) throws IOException {
        if (!hasBody()) {
            return emptyValue;
        }
        T value = Json.MAPPER.readValue(body, type);
        if (value == null) {
            throw new JsonBodyException("the request body must be a JSON object, was null");
        }
        return value;
    }

    /** A body that parsed but cannot be used; answered as 400 like any malformed body. */
    static final class JsonBodyException extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonBodyException(String message) {
            super(message);
        }
    }
}
