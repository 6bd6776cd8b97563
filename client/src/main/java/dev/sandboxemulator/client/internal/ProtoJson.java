package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * The protobuf-JSON mapping envd speaks: lowerCamelCase names (the proto's snake_case names are accepted when
 * reading), int64 as strings (numbers are accepted), enums by name, bytes as standard base64, and default values
 * omitted, so an absent member reads as its default.
 */
public final class ProtoJson {
    private ProtoJson() {}

    /** Returns a new empty JSON object whose members keep their insertion order. */
    public static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    /** Returns {@code node} as compact UTF-8 JSON. */
    public static byte[] toBytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /**
     * Parses a JSON message.
     *
     * @throws IOException if {@code bytes} is not JSON
     */
    public static JsonNode parse(byte[] bytes) throws IOException {
        JsonNode node = Json.MAPPER.readTree(bytes);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty JSON message");
        }
        return node;
    }

    /** Returns the member {@code camel} (or {@code snake}), or null when absent or JSON null. */
    public static JsonNode member(JsonNode object, String camel, String snake) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.get(camel);
        if ((value == null || value.isNull()) && snake != null) {
            value = object.get(snake);
        }
        return value == null || value.isNull() ? null : value;
    }

    /** Returns the member {@code name}, or null when absent or JSON null. */
    public static JsonNode member(JsonNode object, String name) {
        return member(object, name, null);
    }

    /** Returns a string member, or null when absent. */
    public static String string(JsonNode object, String camel, String snake) {
        JsonNode value = member(object, camel, snake);
        return value == null ? null : value.asText();
    }

    /** Returns a string member, or {@code ""} (the proto default) when absent. */
    public static String stringOrEmpty(JsonNode object, String camel, String snake) {
        String value = string(object, camel, snake);
        return value == null ? "" : value;
    }

    /**
     * Returns an integer member given as a number or a decimal string, or 0 when absent.
     *
     * @throws NumberFormatException if the member is neither
     */
    public static long int64(JsonNode object, String camel, String snake) {
        JsonNode value = member(object, camel, snake);
        if (value == null) {
            return 0L;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            return Long.parseLong(value.asText().trim());
        }
        throw new NumberFormatException(camel + " is not an integer: " + value);
    }

    /** Returns a boolean member, or false when absent. */
    public static boolean bool(JsonNode object, String camel, String snake) {
        JsonNode value = member(object, camel, snake);
        return value != null && value.asBoolean(false);
    }

    /**
     * Returns a bytes member decoded from base64 (standard or URL-safe, padded or not), or an empty array when absent.
     *
     * @throws IllegalArgumentException if the member is not base64
     */
    public static byte[] bytes(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (value == null) {
            return new byte[0];
        }
        String text = value.asText();
        if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
            return Base64.getUrlDecoder().decode(text);
        }
        return Base64.getDecoder().decode(text);
    }

    /** Returns {@code bytes} as standard base64, the protobuf-JSON form of a bytes field. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
