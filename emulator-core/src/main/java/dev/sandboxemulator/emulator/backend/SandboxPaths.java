package dev.sandboxemulator.emulator.backend;

import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Absolute-path parsing shared by the backends' filesystems: {@code .}, {@code ..} and repeated
 * slashes folded; relative paths and NUL bytes refused with {@code INVALID_PATH}.
 */
public final class SandboxPaths {
    private SandboxPaths() {
    }

    /** The elements of an absolute path, folded. */
    public static List<String> split(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new FileSystemException(Reason.INVALID_PATH, path, "path must be absolute: " + path);
        }
        if (path.indexOf('\0') >= 0) {
            throw new FileSystemException(Reason.INVALID_PATH, path, "path contains a NUL byte");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    /** The absolute path of {@code parts}; {@code /} for none. */
    public static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** {@code path} folded: {@code join(split(path))}. */
    public static String normalize(String path) {
        return join(split(path));
    }
}
