package dev.sandboxemulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.client.internal.EnvdApi;
import dev.sandboxemulator.client.internal.EnvdMapping;
import dev.sandboxemulator.client.internal.EnvdVersion;
import dev.sandboxemulator.client.internal.ErrorMapper;
import dev.sandboxemulator.client.internal.ProtoJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads, writes and watches files in one sandbox through envd ({@code /files} and the {@code filesystem.Filesystem}
 * service); get it from {@link Sandbox#files()}. Immutable and thread-safe. Named after the SDK's {@code Filesystem}
 * (and so that it does not clash with {@link java.nio.file.Files}).
 *
 * <p>Relative paths resolve against the user's home directory. Besides the exceptions listed on each method, every
 * call may throw {@link AuthenticationException} (a bad envd access token or user), {@link InvalidArgumentException}
 * (envd rejected the path), {@link SandboxTimeoutException} (the request timed out, or the sandbox is unreachable, most
 * likely because its timeout expired), {@link SandboxConnectionException} (envd could not be reached), and
 * {@link SandboxException} for any other failure.
 */
public final class Filesystem {
    /** The oldest envd that watches recursively. */
    static final String RECURSIVE_WATCH_VERSION = "0.1.4";

    private static final String STAT = "/filesystem.Filesystem/Stat";
    private static final String MAKE_DIR = "/filesystem.Filesystem/MakeDir";
    private static final String MOVE = "/filesystem.Filesystem/Move";
    private static final String LIST_DIR = "/filesystem.Filesystem/ListDir";
    private static final String REMOVE = "/filesystem.Filesystem/Remove";
    private static final String WATCH_DIR = "/filesystem.Filesystem/WatchDir";

    private final EnvdApi api;

    Filesystem(EnvdApi api) {
        this.api = api;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Returns a file's content decoded as UTF-8 ({@code GET /files}).
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public String readText(String path) {
        return readText(path, FileOptions.DEFAULT);
    }

    /**
     * Returns a file's content decoded as UTF-8 ({@code GET /files}).
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public String readText(String path, FileOptions options) {
        return new String(readBytes(path, options), StandardCharsets.UTF_8);
    }

    /**
     * Returns a file's content ({@code GET /files}).
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public byte[] readBytes(String path) {
        return readBytes(path, FileOptions.DEFAULT);
    }

    /**
     * Returns a file's content ({@code GET /files}), asking for gzip compression when {@link FileOptions#gzip()} is set.
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public byte[] readBytes(String path, FileOptions options) {
        try (InputStream in = readStream(path, options)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ErrorMapper.fromTransport(e, "GET", api.baseUrl() + "/files");
        }
    }

    /**
     * Returns a stream over a file's content as it arrives ({@code GET /files}); the caller closes it. Read failures
     * after this returns are {@link IOException}s.
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public InputStream readStream(String path) {
        return readStream(path, FileOptions.DEFAULT);
    }

    /**
     * Returns a stream over a file's content as it arrives ({@code GET /files}); the caller closes it. The request
     * timeout bounds the wait for the response headers only.
     *
     * @throws PathNotFoundException if there is no such file
     * @throws InvalidArgumentException if the path is a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public InputStream readStream(String path, FileOptions options) {
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(options, "options == null");
        return api.readFile(path, options.user().orElse(null), options.gzip(), timeout(options));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes {@code text}, encoded as UTF-8, to a file, creating parent directories and replacing an existing file
     * ({@code POST /files?path=}, multipart).
     *
     * @throws InvalidArgumentException if the path is a directory
     * @throws NotEnoughSpaceException if the sandbox's disk is full
     * @throws SandboxException for the other failures listed on this class
     */
    public WriteInfo write(String path, String text) {
        return write(path, text, FileOptions.DEFAULT);
    }

    /**
     * Writes {@code text}, encoded as UTF-8, to a file ({@code POST /files?path=}, multipart).
     *
     * @throws InvalidArgumentException if the path is a directory
     * @throws NotEnoughSpaceException if the sandbox's disk is full
     * @throws SandboxException for the other failures listed on this class
     */
    public WriteInfo write(String path, String text, FileOptions options) {
        return write(path, Objects.requireNonNull(text, "text == null").getBytes(StandardCharsets.UTF_8), options);
    }

    /**
     * Writes {@code data} to a file ({@code POST /files?path=}, multipart).
     *
     * @throws InvalidArgumentException if the path is a directory
     * @throws NotEnoughSpaceException if the sandbox's disk is full
     * @throws SandboxException for the other failures listed on this class
     */
    public WriteInfo write(String path, byte[] data) {
        return write(path, data, FileOptions.DEFAULT);
    }

    /**
     * Writes {@code data} to a file, creating parent directories and replacing an existing file
     * ({@code POST /files?path=[&username=]}, one multipart part whose filename is {@code path}).
     *
     * @throws InvalidArgumentException if the path is a directory
     * @throws NotEnoughSpaceException if the sandbox's disk is full
     * @throws SandboxException if envd reported no written file, or for the other failures listed on this class
     */
    public WriteInfo write(String path, byte[] data, FileOptions options) {
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(data, "data == null");
        List<WriteInfo> written = write(path, List.of(new AbstractMap.SimpleImmutableEntry<>(path, data)), options);
        return written.get(0);
    }

    /**
     * Writes several files in one request ({@code POST /files}, one multipart part per file).
     *
     * @return what envd reports for each file, in its order; empty, without a request, when {@code entries} is empty
     * @throws InvalidArgumentException if a path is a directory or appears twice
     * @throws NotEnoughSpaceException if the sandbox's disk is full; some files may have been written
     * @throws SandboxException for the other failures listed on this class
     */
    public List<WriteInfo> write(List<WriteEntry> entries) {
        return write(entries, FileOptions.DEFAULT);
    }

    /**
     * Writes several files in one request ({@code POST /files[?username=]}, one multipart part per file whose filename
     * is its path).
     *
     * @return what envd reports for each file, in its order; empty, without a request, when {@code entries} is empty
     * @throws InvalidArgumentException if a path is a directory or appears twice
     * @throws NotEnoughSpaceException if the sandbox's disk is full; some files may have been written
     * @throws SandboxException for the other failures listed on this class
     */
    public List<WriteInfo> write(List<WriteEntry> entries, FileOptions options) {
        Objects.requireNonNull(entries, "entries == null");
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, byte[]>> files = new ArrayList<>(entries.size());
        for (WriteEntry entry : entries) {
            Objects.requireNonNull(entry, "entries contains null");
            files.add(new AbstractMap.SimpleImmutableEntry<>(entry.path(), entry.dataUnsafe()));
        }
        return write(null, files, options);
    }

    private List<WriteInfo> write(String queryPath, List<Map.Entry<String, byte[]>> files, FileOptions options) {
        Objects.requireNonNull(options, "options == null");
        JsonNode response = api.writeFiles(queryPath, options.user().orElse(null), files, timeout(options));
        if (!response.isArray()) {
            throw EnvdMapping.malformed("the response of POST /files is not an array");
        }
        if (response.isEmpty()) {
            throw new SandboxException("Expected to receive information about the written file");
        }
        List<WriteInfo> written = new ArrayList<>(response.size());
        response.forEach(info -> written.add(EnvdMapping.toWriteInfo(info)));
        return Collections.unmodifiableList(written);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Directory operations

    /**
     * Returns a directory's direct entries ({@code filesystem.Filesystem/ListDir}, depth 1).
     *
     * @throws PathNotFoundException if there is no such directory
     * @throws InvalidArgumentException if the path is not a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public List<EntryInfo> list(String path) {
        return list(path, 1, FileOptions.DEFAULT);
    }

    /**
     * Returns a directory's entries down to {@code depth} levels ({@code filesystem.Filesystem/ListDir}). Entries that
     * are neither files nor directories are left out, like the SDK.
     *
     * @throws IllegalArgumentException if {@code depth < 1} (checked before any request)
     * @throws PathNotFoundException if there is no such directory
     * @throws InvalidArgumentException if the path is not a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public List<EntryInfo> list(String path, int depth) {
        return list(path, depth, FileOptions.DEFAULT);
    }

    /**
     * Returns a directory's entries down to {@code depth} levels ({@code filesystem.Filesystem/ListDir}).
     *
     * @throws IllegalArgumentException if {@code depth < 1} (checked before any request)
     * @throws PathNotFoundException if there is no such directory
     * @throws InvalidArgumentException if the path is not a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public List<EntryInfo> list(String path, int depth, FileOptions options) {
        Objects.requireNonNull(path, "path == null");
        if (depth < 1) {
            throw new IllegalArgumentException("depth < 1: " + depth);
        }
        ObjectNode request = ProtoJson.object();
        request.put("path", path);
        request.put("depth", depth);
        JsonNode entries = ProtoJson.member(call(LIST_DIR, request, options), "entries");
        List<EntryInfo> result = new ArrayList<>();
        if (entries != null) {
            entries.forEach(
                    entry -> {
                        EntryInfo info = EnvdMapping.toEntryInfo(entry);
                        if (info.type() != FileType.OTHER) {
                            result.add(info);
                        }
                    });
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Creates a directory and its missing parents ({@code filesystem.Filesystem/MakeDir}).
     *
     * @return true if it was created, false if it already existed ({@code already_exists})
     * @throws InvalidArgumentException if the path exists and is not a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public boolean makeDir(String path) {
        return makeDir(path, FileOptions.DEFAULT);
    }

    /**
     * Creates a directory and its missing parents ({@code filesystem.Filesystem/MakeDir}).
     *
     * @return true if it was created, false if it already existed ({@code already_exists})
     * @throws InvalidArgumentException if the path exists and is not a directory
     * @throws SandboxException for the other failures listed on this class
     */
    public boolean makeDir(String path, FileOptions options) {
        ObjectNode request = ProtoJson.object();
        request.put("path", Objects.requireNonNull(path, "path == null"));
        EnvdApi.RpcOutcome outcome = unary(MAKE_DIR, request, options);
        if (outcome.error() != null) {
            if (outcome.error().is("already_exists")) {
                return false;
            }
            throw outcome.error().toException(true);
        }
        return true;
    }

    /**
     * Moves or renames a file or directory, creating the destination's parents ({@code filesystem.Filesystem/Move}).
     *
     * @return the entry at its new path
     * @throws PathNotFoundException if there is no such source
     * @throws SandboxException for the other failures listed on this class
     */
    public EntryInfo rename(String oldPath, String newPath) {
        return rename(oldPath, newPath, FileOptions.DEFAULT);
    }

    /**
     * Moves or renames a file or directory ({@code filesystem.Filesystem/Move}).
     *
     * @return the entry at its new path
     * @throws PathNotFoundException if there is no such source
     * @throws SandboxException for the other failures listed on this class
     */
    public EntryInfo rename(String oldPath, String newPath, FileOptions options) {
        ObjectNode request = ProtoJson.object();
        request.put("source", Objects.requireNonNull(oldPath, "oldPath == null"));
        request.put("destination", Objects.requireNonNull(newPath, "newPath == null"));
        return EnvdMapping.toEntryInfo(ProtoJson.member(call(MOVE, request, options), "entry"));
    }

    /**
     * Removes a file, or a directory with everything in it ({@code filesystem.Filesystem/Remove}). envd succeeds when
     * the path does not exist.
     *
     * @throws SandboxException for the failures listed on this class
     */
    public void remove(String path) {
        remove(path, FileOptions.DEFAULT);
    }

    /**
     * Removes a file, or a directory with everything in it ({@code filesystem.Filesystem/Remove}).
     *
     * @throws SandboxException for the failures listed on this class
     */
    public void remove(String path, FileOptions options) {
        ObjectNode request = ProtoJson.object();
        request.put("path", Objects.requireNonNull(path, "path == null"));
        call(REMOVE, request, options);
    }

    /**
     * Returns whether a path exists ({@code filesystem.Filesystem/Stat}).
     *
     * @return false on {@code not_found}
     * @throws SandboxException for the failures listed on this class
     */
    public boolean exists(String path) {
        return exists(path, FileOptions.DEFAULT);
    }

    /**
     * Returns whether a path exists ({@code filesystem.Filesystem/Stat}).
     *
     * @return false on {@code not_found}
     * @throws SandboxException for the failures listed on this class
     */
    public boolean exists(String path, FileOptions options) {
        ObjectNode request = ProtoJson.object();
        request.put("path", Objects.requireNonNull(path, "path == null"));
        EnvdApi.RpcOutcome outcome = unary(STAT, request, options);
        if (outcome.error() != null) {
            if (outcome.error().is("not_found")) {
                return false;
            }
            throw outcome.error().toException(true);
        }
        return true;
    }

    /**
     * Returns what envd reports about a path ({@code filesystem.Filesystem/Stat}).
     *
     * @throws PathNotFoundException if there is no such path
     * @throws SandboxException for the other failures listed on this class
     */
    public EntryInfo getInfo(String path) {
        return getInfo(path, FileOptions.DEFAULT);
    }

    /**
     * Returns what envd reports about a path ({@code filesystem.Filesystem/Stat}).
     *
     * @throws PathNotFoundException if there is no such path
     * @throws SandboxException for the other failures listed on this class
     */
    public EntryInfo getInfo(String path, FileOptions options) {
        ObjectNode request = ProtoJson.object();
        request.put("path", Objects.requireNonNull(path, "path == null"));
        return EnvdMapping.toEntryInfo(ProtoJson.member(call(STAT, request, options), "entry"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Watching

    /**
     * Watches a directory for 60 seconds, not recursively. See {@link #watchDir(String, Consumer, WatchOptions)}.
     *
     * @throws SandboxException for the failures listed there
     */
    public WatchHandle watchDir(String path, Consumer<FilesystemEvent> onEvent) {
        return watchDir(path, onEvent, WatchOptions.DEFAULT);
    }

    /**
     * Watches a directory ({@code filesystem.Filesystem/WatchDir}, a server stream) and returns once envd confirms the
     * watch. {@code onEvent} is called on the watch's reader thread for each change as it arrives, until
     * {@link WatchHandle#stop()}, the timeout, or a failure; then {@link WatchOptions#onExit()} is called.
     *
     * @throws TemplateException if {@code recursive} is set and the sandbox's envd is older than 0.1.4 (checked before
     *     any request)
     * @throws PathNotFoundException if there is no such directory
     * @throws SandboxNotFoundException if the sandbox stopped answering before the watch started
     * @throws SandboxTimeoutException if envd did not confirm the watch within the request timeout
     * @throws SandboxException if the stream did not begin with a start event ({@code "Expected start event"}), or for
     *     the other failures listed on this class
     */
    public WatchHandle watchDir(String path, Consumer<FilesystemEvent> onEvent, WatchOptions options) {
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(onEvent, "onEvent == null");
        Objects.requireNonNull(options, "options == null");
        if (options.recursive() && EnvdVersion.isBelow(api.envdVersion(), RECURSIVE_WATCH_VERSION)) {
            throw new TemplateException(
                    "Recursive watching needs envd " + RECURSIVE_WATCH_VERSION + " or newer; the sandbox runs envd "
                            + api.envdVersion() + ". Rebuild the template.");
        }
        ObjectNode request = ProtoJson.object();
        request.put("path", path);
        if (options.recursive()) {
            request.put("recursive", true);
        }
        return WatchHandle.open(
                api.stream(WATCH_DIR, request, options.user().orElse(null), options.timeout()),
                onEvent,
                options,
                options.requestTimeout().orElse(api.requestTimeout()));
    }

    private JsonNode call(String procedure, ObjectNode request, FileOptions options) {
        Objects.requireNonNull(options, "options == null");
        return api.call(procedure, request, options.user().orElse(null), timeout(options), true);
    }

    private EnvdApi.RpcOutcome unary(String procedure, ObjectNode request, FileOptions options) {
        Objects.requireNonNull(options, "options == null");
        return api.unary(procedure, request, options.user().orElse(null), timeout(options));
    }

    private static Duration timeout(FileOptions options) {
        return options.requestTimeout().orElse(null);
    }

    @Override
    public String toString() {
        return "Filesystem{" + api + "}";
    }
}
