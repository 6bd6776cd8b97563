package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;

import java.util.ArrayList;
import java.util.List;

/** Absolute-path parsing for the in-memory filesystem: {@code .}, {@code ..} and repeated slashes folded. */
final class Paths {
    private Paths() {
    }

    static List<String> split(String path) {
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

    static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
}
