package dev.sandboxemulator.emulator.backend;

import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Absolute-path parsing shared by the backends' filesystems: {@code .}, {@code ..} and repeated
 * slashes folded; relative paths and NUL bytes refused with {@code INVALID_PATH}; paths longer
 * than Linux's PATH_MAX and names longer than its NAME_MAX refused with {@code NAME_TOO_LONG}, as
 * the kernel refuses them with ENAMETOOLONG. The bounds also keep the depth of any path, and so
 * of any tree a client can build, at PATH_MAX / 2 levels.
 */
public final class SandboxPaths {
    /** Linux's PATH_MAX: the longest path, in UTF-8 bytes, a system call accepts. */
    public static final int PATH_MAX = 4096;
    /** Linux's NAME_MAX: the longest name of one directory entry, in UTF-8 bytes. */
    public static final int NAME_MAX = 255;

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
        if (utf8Length(path) > PATH_MAX) {
            throw new FileSystemException(Reason.NAME_TOO_LONG, abbreviated(path),
                    "File name too long (ENAMETOOLONG): the path is longer than PATH_MAX, " + PATH_MAX + " bytes");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (utf8Length(part) > NAME_MAX) {
                throw new FileSystemException(Reason.NAME_TOO_LONG, abbreviated(path),
                        "File name too long (ENAMETOOLONG): a name in the path is longer than NAME_MAX, "
                                + NAME_MAX + " bytes");
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

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A refused path goes into error messages and logs; a megabyte of it would help nobody. */
    private static String abbreviated(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "... (" + path.length() + " characters)";
    }

    /** The absolute path of {@code parts}; {@code /} for none. */
    public static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** {@code path} folded: {@code join(split(path))}. */
    public static String normalize(String path) {
        return join(split(path));
    }

    /** {@code path} made absolute against the working directory {@code cwd} (itself absolute), and folded. */
    public static String resolve(String cwd, String path) {
        String absolute = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd + path : cwd + "/" + path);
        return join(split(absolute));
    }

    /** The directory that holds {@code path}, a folded absolute path; {@code /} for {@code /} itself. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
