package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.FileType;
import dev.sandboxemulator.client.FilesystemEvent;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.WriteInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns envd's protobuf-JSON messages into the public value types. Absent members take their proto defaults; a member of
 * the wrong shape becomes a {@link SandboxException} that names it.
 */
public final class EnvdMapping {
    private EnvdMapping() {}

    /** Maps {@code EntryInfo}. */
    public static EntryInfo toEntryInfo(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            throw malformed("missing entry");
        }
        String modified = ProtoJson.string(entry, "modifiedTime", "modified_time");
        Instant modifiedTime = Instant.EPOCH;
        if (modified != null) {
            try {
                modifiedTime = Json.parseInstant(modified);
            } catch (DateTimeParseException e) {
                throw malformed("modifiedTime is not an RFC 3339 timestamp: " + modified);
            }
        }
        try {
            return new EntryInfo(
                    ProtoJson.stringOrEmpty(entry, "name", null),
                    fileType(ProtoJson.member(entry, "type")),
                    ProtoJson.stringOrEmpty(entry, "path", null),
                    ProtoJson.int64(entry, "size", null),
                    (int) ProtoJson.int64(entry, "mode", null),
                    ProtoJson.stringOrEmpty(entry, "permissions", null),
                    ProtoJson.stringOrEmpty(entry, "owner", null),
                    ProtoJson.stringOrEmpty(entry, "group", null),
                    modifiedTime,
                    Optional.ofNullable(ProtoJson.string(entry, "symlinkTarget", "symlink_target")));
        } catch (NumberFormatException e) {
            throw malformed("bad number in EntryInfo: " + e.getMessage());
        }
    }

    /** Maps a {@code FileType} given by name ({@code FILE_TYPE_FILE}) or number; anything unknown is OTHER. */
    static FileType fileType(JsonNode type) {
        if (type == null) {
            return FileType.OTHER;
        }
        String name = type.asText();
        if (name.equals("FILE_TYPE_FILE") || name.equals("1")) {
            return FileType.FILE;
        }
        if (name.equals("FILE_TYPE_DIRECTORY") || name.equals("2")) {
            return FileType.DIRECTORY;
        }
        return FileType.OTHER;
    }

    /** Maps one element of the {@code POST /files} response: {@code {"path", "name", "type": "file"|"dir"}}. */
    public static WriteInfo toWriteInfo(JsonNode info) {
        if (info == null || !info.isObject()) {
            throw malformed("an element of the POST /files response is not an object");
        }
        String type = ProtoJson.string(info, "type", null);
        Optional<FileType> fileType = Optional.empty();
        if ("file".equals(type)) {
            fileType = Optional.of(FileType.FILE);
        } else if ("dir".equals(type) || "directory".equals(type)) {
            fileType = Optional.of(FileType.DIRECTORY);
        }
        String path = ProtoJson.string(info, "path", null);
        if (path == null) {
            throw malformed("an element of the POST /files response has no path");
        }
        String name = ProtoJson.string(info, "name", null);
        if (name == null) {
            name = path.substring(path.lastIndexOf('/') + 1);
        }
        return new WriteInfo(name, fileType, path);
    }

    /**
     * Maps {@code FilesystemEvent}, or returns null for an event type this client does not know
     * ({@code EVENT_TYPE_UNSPECIFIED} or a newer one).
     */
    public static FilesystemEvent toFilesystemEvent(JsonNode event) {
        String type = ProtoJson.stringOrEmpty(event, "type", null);
        FilesystemEvent.EventType eventType;
        switch (type) {
            case "EVENT_TYPE_CREATE": case "1": eventType = FilesystemEvent.EventType.CREATE; break;
            case "EVENT_TYPE_WRITE": case "2": eventType = FilesystemEvent.EventType.WRITE; break;
            case "EVENT_TYPE_REMOVE": case "3": eventType = FilesystemEvent.EventType.REMOVE; break;
            case "EVENT_TYPE_RENAME": case "4": eventType = FilesystemEvent.EventType.RENAME; break;
            case "EVENT_TYPE_CHMOD": case "5": eventType = FilesystemEvent.EventType.CHMOD; break;
            default: return null;
        }
        return new FilesystemEvent(ProtoJson.stringOrEmpty(event, "name", null), eventType);
    }

    /** Maps {@code ProcessInfo{config{cmd, args, envs, cwd}, pid, tag}}. */
    public static ProcessInfo toProcessInfo(JsonNode info) {
        JsonNode config = ProtoJson.member(info, "config");
        List<String> args = new ArrayList<>();
        JsonNode argsNode = ProtoJson.member(config, "args");
        if (argsNode != null) {
            argsNode.forEach(arg -> args.add(arg.asText()));
        }
        Map<String, String> envs = new LinkedHashMap<>();
        JsonNode envsNode = ProtoJson.member(config, "envs");
        if (envsNode != null) {
            envsNode.properties().forEach(env -> envs.put(env.getKey(), env.getValue().asText()));
        }
        try {
            return new ProcessInfo(
                    (int) ProtoJson.int64(info, "pid", null),
                    Optional.ofNullable(ProtoJson.string(info, "tag", null)),
                    ProtoJson.stringOrEmpty(config, "cmd", null),
                    args,
                    envs,
                    Optional.ofNullable(ProtoJson.string(config, "cwd", null)));
        } catch (NumberFormatException e) {
            throw malformed("bad pid in ProcessInfo: " + e.getMessage());
        }
    }

    /** Returns the exception for an envd message that could not be understood. */
    public static SandboxException malformed(String detail) {
        return new SandboxException("Malformed response from envd: " + detail);
    }
}
