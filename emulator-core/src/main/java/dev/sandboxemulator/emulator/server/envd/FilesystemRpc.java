package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlaneCall;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.util.Locale;

/**
 * {@code filesystem.Filesystem}: Stat, MakeDir, Move, ListDir, Remove (unary) and WatchDir
 * (server streaming): requests and answers in Connect's JSON; envd's rules (relative paths,
 * MakeDir) are the {@link DataPlaneCall}'s.
 */
final class FilesystemRpc {

    private FilesystemRpc() {
    }

    static JsonNode unary(String method, DataPlaneCall call, JsonNode request) {
        SandboxFileSystem fs = call.access().files();
        try {
            switch (method) {
                case "Stat":
                    return stat(call, request);
                case "MakeDir":
                    return makeDir(call, request);
                case "Move":
                    return move(call, fs, request);
                case "ListDir":
                    return listDir(call, fs, request);
                case "Remove":
                    fs.remove(call.resolve(ProtoJson.string(request, "path")));
                    return ProtoJson.object();
                default:
                    throw new ConnectException(ConnectCode.UNIMPLEMENTED, "filesystem.Filesystem/" + method + " is not implemented");
            }
        } catch (FileSystemException e) {
            throw map(e);
        }
    }

    private static JsonNode stat(DataPlaneCall call, JsonNode request) {
        return withEntry(call.stat(ProtoJson.string(request, "path")));
    }

    private static JsonNode makeDir(DataPlaneCall call, JsonNode request) {
        return withEntry(call.makeDirectory(ProtoJson.string(request, "path")));
    }

    private static JsonNode move(DataPlaneCall call, SandboxFileSystem fs, JsonNode request) {
        String source = call.resolve(ProtoJson.string(request, "source"));
        String destination = call.resolve(ProtoJson.string(request, "destination"));
        return withEntry(fs.move(source, destination));
    }

    private static JsonNode listDir(DataPlaneCall call, SandboxFileSystem fs, JsonNode request) {
        String path = call.resolve(ProtoJson.string(request, "path"));
        long depth = ProtoJson.integer(request, "depth", 1);
        if (depth < 0) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "depth must not be negative, was " + depth);
        }
        ObjectNode response = ProtoJson.object();
        ArrayNode entries = response.putArray("entries");
        for (FileEntry entry : fs.list(path, (int) Math.max(1, Math.min(depth, Integer.MAX_VALUE)))) {
            entries.add(ProtoJson.entry(entry));
        }
        return response;
    }

    /** WatchDir: a start message, then one message per change, until the deadline or the client leaves. */
    static SandboxFileSystem.Watch watch(DataPlaneCall call, JsonNode request, RpcStream stream) {
        String path = call.resolve(ProtoJson.string(request, "path"));
        boolean recursive = ProtoJson.bool(request, "recursive", false);
        SandboxFileSystem.Watch watch;
        try {
            watch = call.access().watch(path, recursive, event -> stream.send(event(event)));
        } catch (FileSystemException e) {
            throw map(e);
        }
        ObjectNode start = ProtoJson.object();
        start.putObject("start");
        stream.send(start);
        return watch;
    }

    private static JsonNode event(FileSystemEvent event) {
        ObjectNode message = ProtoJson.object();
        ObjectNode filesystem = message.putObject("filesystem");
        filesystem.put("name", event.name());
        filesystem.put("type", "EVENT_TYPE_" + event.type().name().toUpperCase(Locale.ROOT));
        return message;
    }

    private static JsonNode withEntry(FileEntry entry) {
        ObjectNode response = ProtoJson.object();
        response.set("entry", ProtoJson.entry(entry));
        return response;
    }

    static ConnectException map(FileSystemException e) {
        switch (e.reason()) {
            case NOT_FOUND:
                return new ConnectException(ConnectCode.NOT_FOUND, e.getMessage());
            case ALREADY_EXISTS:
                return new ConnectException(ConnectCode.ALREADY_EXISTS, e.getMessage());
            case NAME_TOO_LONG:
                return new ConnectException(ConnectCode.INVALID_ARGUMENT, e.getMessage());
            default:
                return new ConnectException(ConnectCode.INVALID_ARGUMENT, e.getMessage());
        }
    }
}
