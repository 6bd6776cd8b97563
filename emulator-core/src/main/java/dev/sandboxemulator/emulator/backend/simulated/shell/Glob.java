package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pathname expansion of {@code *}, {@code ?} and {@code [...]} against the sandbox's filesystem.
 * Patterns use a backslash before characters that came from quotes, so those match literally.
 */
final class Glob {
    private Glob() {
    }

    static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    static String escape(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The paths matching {@code pattern}, sorted; empty when none match. */
    static List<String> expand(SandboxFileSystem fs, String cwd, String pattern) {
        boolean absolute = pattern.startsWith("/");
        String[] parts = pattern.split("/+");
        List<String> prefixes = new ArrayList<>();
        prefixes.add(absolute ? "/" : "");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<String> nextPrefixes = new ArrayList<>();
            for (String prefix : prefixes) {
                String dir = SandboxPaths.resolve(cwd, prefix.isEmpty() ? "." : prefix);
                if (!hasWildcards(part)) {
                    String candidate = join(prefix, unescape(part));
                    if (fs.stat(SandboxPaths.resolve(cwd, candidate)).isPresent()) {
                        nextPrefixes.add(candidate);
                    }
                    continue;
                }
                Pattern regex = toRegex(part);
                List<FileEntry> entries;
                try {
                    entries = fs.list(dir, 1);
                } catch (FileSystemException e) {
                    continue;
                }
                for (FileEntry entry : entries) {
                    if (entry.name().startsWith(".") && !part.startsWith(".")) {
                        continue;
                    }
                    if (regex.matcher(entry.name()).matches()) {
                        nextPrefixes.add(join(prefix, entry.name()));
                    }
                }
            }
            prefixes = nextPrefixes;
        }
        prefixes.sort(null);
        return prefixes;
    }

    private static String join(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }

    static String unescape(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    static Pattern toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 2);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end);
                    if (set.startsWith("!")) {
                        set = "^" + set.substring(1);
                    }
                    regex.append('[').append(set.replace("\\", "\\\\")).append(']');
                    i = end;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
