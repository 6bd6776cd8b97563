package dev.sandboxemulator.emulator.server;

import java.util.Map;

/**
 * What a handler answers: a status, a body to render as JSON (null for none) and extra headers.
 */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(all));
    }
}
