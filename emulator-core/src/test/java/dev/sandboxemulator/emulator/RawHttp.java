package dev.sandboxemulator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Sends hand-made requests to an emulator, for tests of the wire format itself (bodies, headers,
 * statuses) that a well-behaved client would never produce.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private String apiKey = "test-key";

    RawHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    RawHttp withoutApiKey() {
        RawHttp copy = new RawHttp(baseUrl);
        copy.apiKey = null;
        return copy;
    }

    RawHttp withApiKey(String key) {
        RawHttp copy = new RawHttp(baseUrl);
        copy.apiKey = key;
        return copy;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (apiKey != null) {
            request.header("X-API-KEY", apiKey);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a base sandbox and returns its id. */
    String createSandbox(String extraJson) {
        Response response = post("/sandboxes", "{\"templateID\":\"base\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response);
        }
        return response.json().get("sandboxID").asText();
    }

    static final class Response {
        private final HttpResponse<String> response;

        Response(HttpResponse<String> response) {
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
