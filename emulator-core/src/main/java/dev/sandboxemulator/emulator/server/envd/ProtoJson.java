package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.emulator.spi.FileEntry;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * protobuf's JSON mapping as envd speaks it: lowerCamelCase names (proto names accepted on input),
 * int64 as strings, enums by name, bytes as base64, default values left out.
 */
final class ProtoJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProtoJson() {
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request message must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "malformed JSON request message: " + e.getOriginalMessage());
        } catch (IOException e) {
            // CharConversionException and friends: bytes that are not UTF-8 JSON.
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "unreadable request message: " + e.getMessage());
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** A field by its JSON name or its proto name, if present and not null. */
    static Optional<JsonNode> field(JsonNode message, String jsonName, String protoName) {
        JsonNode value = message.get(jsonName);
        if ((value == null || value.isNull()) && protoName != null) {
            value = message.get(protoName);
        }
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<JsonNode> field(JsonNode message, String name) {
        return field(message, name, null);
    }

    static String string(JsonNode message, String name) {
        return field(message, name).map(v -> {
            if (!v.isTextual()) {
                throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "field '" + name + "' must be a string");
            }
            return v.asText();
        }).orElse("");
    }

    static boolean bool(JsonNode message, String name, boolean defaultValue) {
        return field(message, name).map(v -> {
            if (!v.isBoolean()) {
                throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "field '" + name + "' must be a boolean");
            }
            return v.asBoolean();
        }).orElse(defaultValue);
    }

    /** A (u)int32 or int64, which protobuf-JSON may send as a number or a string. */
    static long integer(JsonNode message, String name, long defaultValue) {
        Optional<JsonNode> value = field(message, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode v = value.get();
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "field '" + name + "' must be an integer");
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** envd's EntryInfo. */
    static ObjectNode entry(FileEntry entry) {
        ObjectNode node = object();
        node.put("name", entry.name());
        node.put("type", entry.type() == FileEntry.Type.DIRECTORY ? "FILE_TYPE_DIRECTORY" : "FILE_TYPE_FILE");
        node.put("path", entry.path());
        if (entry.size() != 0) {
            node.put("size", Long.toString(entry.size()));
        }
        if (entry.mode() != 0) {
            node.put("mode", entry.mode());
        }
        node.put("permissions", permissions(entry));
        node.put("owner", entry.owner());
        node.put("group", entry.group());
        node.put("modifiedTime", timestamp(entry.modifiedTime()));
        return node;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** {@code ls -l}'s permission string, as Go's FileMode.String() prints it. */
    static String permissions(FileEntry entry) {
        StringBuilder out = new StringBuilder(entry.type() == FileEntry.Type.DIRECTORY ? "d" : "-");
        String rwx = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            out.append((entry.mode() & (1 << bit)) != 0 ? rwx.charAt(8 - bit) : '-');
        }
        return out.toString();
    }
}
