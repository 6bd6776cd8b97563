package dev.sandboxemulator.emulator.engine.dataplane;

import dev.sandboxemulator.emulator.engine.DataPlaneAccess;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxEnvironment;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxUsers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authorized data-plane request: the sandbox it reaches, the user it acts as, and envd's rules
 * for what that user asks (paths relative to the home, a process's environment and working
 * directory, MakeDir). Made only by {@link DataPlane}, after the access checks.
 */
public final class DataPlaneCall {
    private final DataPlaneAccess access;
    private final String user;

    DataPlaneCall(DataPlaneAccess access, String user) {
        this.access = access;
        this.user = user;
    }

    public DataPlaneAccess access() {
        return access;
    }

    public String user() {
        return user;
    }

    public String home() {
        return SandboxUsers.homeOf(user);
    }

    /**
     * An absolute path, as envd resolves what a request names: an empty path and {@code ~} are the
     * user's home, relative paths and {@code ~/...} start there.
     *
     * @throws InvalidRequestException if the path holds a NUL byte, which no file name can
     */
    public String resolve(String path) {
        if (path != null && path.indexOf('\0') >= 0) {
            // As open(2) would never see it: a C string ends at the NUL.
            throw new InvalidRequestException("invalid path: it contains a NUL byte");
        }
        if (path == null || path.isEmpty() || path.equals("~")) {
            return home();
        }
        if (path.startsWith("/")) {
            return path;
        }
        if (path.startsWith("~/")) {
            return home() + path.substring(1);
        }
        return home() + "/" + path;
    }

    /** The entry at {@code path} (resolved), or a {@code NOT_FOUND} {@link FileSystemException}. */
    public FileEntry stat(String path) {
        String resolved = resolve(path);
        return access.files().stat(resolved).orElseThrow(() ->
                new FileSystemException(FileSystemException.Reason.NOT_FOUND, resolved, "no such file or directory: " + resolved));
    }

    /**
     * envd's MakeDir: makes the directory and any missing parents, owned by the user. Unlike
     * {@code mkdir -p}, a path that exists already is an error: {@code ALREADY_EXISTS} for a
     * directory, {@code NOT_A_DIRECTORY} for anything else.
     */
    public FileEntry makeDirectory(String path) {
        String resolved = resolve(path);
        SandboxFileSystem files = access.files();
        Optional<FileEntry> existing = files.stat(resolved);
        if (existing.isPresent()) {
            if (existing.get().type() == FileEntry.Type.DIRECTORY) {
                throw new FileSystemException(FileSystemException.Reason.ALREADY_EXISTS, resolved,
                        "directory already exists: " + resolved);
            }
            throw new FileSystemException(FileSystemException.Reason.NOT_A_DIRECTORY, resolved,
                    "path already exists and is not a directory: " + resolved);
        }
        files.makeDirectories(resolved, user);
        return stat(resolved);
    }

    /**
     * What a process start asks for, with envd's rules applied: the working directory resolved and
     * required to be a directory, and the environment built in layers (the sandbox's
     * {@linkplain SandboxEnvironment#forProcess defaults}, then the sandbox's own variables, then
     * the request's), later layers winning.
     *
     * @throws InvalidRequestException if the working directory is not a directory
     */
    public ProcessSpec processSpec(String cmd, List<String> args, String cwd, Map<String, String> requestEnv, boolean stdin,
                                   Optional<String> tag, Optional<Duration> lifetime) {
        String directory = resolve(cwd);
        Optional<FileEntry> entry = access.files().stat(directory);
        if (entry.isEmpty() || entry.get().type() != FileEntry.Type.DIRECTORY) {
            throw new InvalidRequestException("cwd '" + directory + "' does not exist");
        }
        Map<String, String> env = SandboxEnvironment.forProcess(access.sandbox().sandboxId(), user);
        env.putAll(access.sandbox().envVars());
        env.putAll(requestEnv);
        return new ProcessSpec(cmd, args, env, directory, user, stdin, tag, lifetime);
    }
}
