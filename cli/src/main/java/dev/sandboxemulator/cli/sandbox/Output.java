package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.client.SandboxInfo;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the commands print: aligned tables for people, JSON for scripts (one document, nothing else). */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static void json(PrintWriter out, Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** Columns padded to their widest cell, a header line first; "No ..." when there are no rows. */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows, String whenEmpty) {
        if (rows.isEmpty()) {
            out.println(whenEmpty);
            out.flush();
            return;
        }
        int[] widths = new int[headers.size()];
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers);
        lines.addAll(rows);
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                text.append(cell);
                if (i < widths.length - 1) {
                    text.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** {@code k=v, k2=v2}, or {@code -} for none. */
    static String pairs(Map<String, String> pairs) {
        return pairs.isEmpty() ? "-" : pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String time(Instant instant) {
        return instant.toString();
    }

    /** A sandbox as the JSON output shows it: the SDK's field names. */
    static ObjectNode sandbox(SandboxInfo info) {
        ObjectNode node = object();
        node.put("sandboxId", info.sandboxId());
        node.put("templateId", info.templateId());
        info.alias().ifPresent(alias -> node.put("alias", alias));
        node.put("state", info.state().name().toLowerCase(java.util.Locale.ROOT));
        node.put("startedAt", time(info.startedAt()));
        node.put("endAt", time(info.endAt()));
        node.put("cpuCount", info.cpuCount());
        node.put("memoryMB", info.memoryMb());
        node.put("diskSizeMB", info.diskSizeMb());
        node.put("envdVersion", info.envdVersion());
        ObjectNode metadata = node.putObject("metadata");
        info.metadata().forEach(metadata::put);
        info.lifecycle().ifPresent(lifecycle -> {
            ObjectNode l = node.putObject("lifecycle");
            l.put("onTimeout", lifecycle.onTimeout().wireValue());
            l.put("autoResume", lifecycle.autoResume());
        });
        return node;
    }
}
