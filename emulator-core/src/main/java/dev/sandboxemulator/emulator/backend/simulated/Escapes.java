package dev.sandboxemulator.emulator.backend.simulated;

/** Backslash escapes as {@code echo -e} and {@code printf} read them. */
final class Escapes {
    private Escapes() {
    }

    /**
     * Appends {@code text} with its escapes decoded. Returns false when a {@code \c} asked to stop
     * all output there ({@code echo -e} only).
     */
    static boolean append(String text, StringBuilder out, boolean echo) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char n = text.charAt(++i);
            switch (n) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'a': out.append('\007'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'v': out.append('\013'); break;
                case 'e': out.append('\033'); break;
                case '\\': out.append('\\'); break;
                case '"': out.append(echo ? "\\\"" : "\""); break;
                case 'c':
                    return false;
                case 'x': {
                    int end = i + 1;
                    while (end < text.length() && end < i + 3 && Character.digit(text.charAt(end), 16) >= 0) {
                        end++;
                    }
                    if (end == i + 1) {
                        out.append("\\x");
                    } else {
                        out.append((char) Integer.parseInt(text.substring(i + 1, end), 16));
                        i = end - 1;
                    }
                    break;
                }
                case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                    int start = n == '0' && echo ? i + 1 : i;
                    int end = start;
                    while (end < text.length() && end < start + 3 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                        end++;
                    }
                    if (!echo && n != '0' && end == start) {
                        out.append('\\').append(n);
                    } else {
                        out.append(end == start ? '\0' : (char) Integer.parseInt(text.substring(start, end), 8));
                        i = end - 1;
                    }
                    break;
                }
                default:
                    out.append('\\').append(n);
            }
        }
        return true;
    }
}
