package dev.sandboxemulator.emulator.backend.simulated.shell;

/**
 * The one backslash-escape decoder of the simulated shell, shared by {@code $'...'} quoting, {@code echo -e},
 * and {@code printf} (its format and its {@code %b} arguments). The escapes follow bash:
 * {@code \a \b \e \E \f \n \r \t \v \\}, octal, {@code \xHH} (one or two hex digits), <code>&#92;uHHHH</code> (one to
 * four), {@code \UHHHHHHHH} (one to eight); the {@link Dialect} decides the rest. An escape that is none of
 * these, or one without its digits ({@code \x}, <code>&#92;u</code>), is kept as written, backslash included.
 *
 * <p>Octal and {@code \x} escapes give one byte value (0 to 255), stored as the char of that value, as the
 * shell's other byte-valued text is; <code>&#92;u</code> and {@code \U} give a Unicode character.
 */
public final class Escapes {
    /** Where the text being decoded comes from. */
    public enum Dialect {
        /**
         * {@code $'...'}: {@code \'}, {@code \"}, {@code \?} give the character; {@code \NNN} is up to three
         * octal digits; {@code \cX} is the control character of X ({@code \c?} is DEL).
         */
        ANSI_C,
        /**
         * {@code echo -e}: {@code \'}, {@code \"}, {@code \?} are kept with their backslash; {@code \0NNN} takes
         * up to three digits after the 0 (and {@code \NNN} up to three in all); {@code \c} ends all output.
         */
        ECHO,
        /** A {@code printf} format: as {@link #ANSI_C}, except that {@code \c} is kept as written. */
        PRINTF_FORMAT,
        /** A {@code printf %b} argument: as {@link #ECHO}, except that {@code \'}, {@code \"}, {@code \?} give the character. */
        PRINTF_B
    }

    private Escapes() {
    }

    /**
     * Appends {@code text} with its escapes decoded. Returns false when a {@code \c} asked to stop all output
     * there ({@link Dialect#ECHO} and {@link Dialect#PRINTF_B} only); {@code out} then holds what came before it.
     */
    public static boolean append(String text, StringBuilder out, Dialect dialect) {
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '\\') {
                out.append(text.charAt(i++));
                continue;
            }
            i = decodeOne(text, i, out, dialect);
            if (i < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} decoded as the inside of {@code $'...'}. */
    public static String ansiC(String text) {
        StringBuilder out = new StringBuilder(text.length());
        append(text, out, Dialect.ANSI_C);
        return out.toString();
    }

    /**
     * Decodes the one escape whose backslash is at {@code at}, appending it to {@code out}. Returns the index just
     * past it, or -1 for a {@code \c} that ends all output.
     */
    public static int decodeOne(String text, int at, StringBuilder out, Dialect dialect) {
        if (at + 1 >= text.length()) {
            out.append('\\');
            return at + 1;
        }
        char n = text.charAt(at + 1);
        int next = at + 2;
        boolean echoLike = dialect == Dialect.ECHO || dialect == Dialect.PRINTF_B;
        switch (n) {
            case 'a': out.append('\007'); return next;
            case 'b': out.append('\b'); return next;
            case 'e': case 'E': out.append('\033'); return next;
            case 'f': out.append('\f'); return next;
            case 'n': out.append('\n'); return next;
            case 'r': out.append('\r'); return next;
            case 't': out.append('\t'); return next;
            case 'v': out.append('\013'); return next;
            case '\\': out.append('\\'); return next;
            case '\'': case '"': case '?':
                if (dialect == Dialect.ECHO) {
                    out.append('\\');
                }
                out.append(n);
                return next;
            case 'x': return hex(text, at, 2, out, false);
            case 'u': return hex(text, at, 4, out, true);
            case 'U': return hex(text, at, 8, out, true);
            case 'c':
                if (echoLike) {
                    return -1;
                }
                if (dialect == Dialect.ANSI_C && next < text.length()) {
                    char x = text.charAt(next);
                    out.append(x == '?' ? '\177' : (char) (Character.toUpperCase(x) & 0x1f));
                    // bash reads $'\c\\' as the control character of one backslash
                    return x == '\\' && next + 1 < text.length() && text.charAt(next + 1) == '\\' ? next + 2 : next + 1;
                }
                out.append("\\c");
                return next;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                int digits = echoLike && n == '0' ? 4 : 3;
                int end = at + 1;
                int value = 0;
                while (end < text.length() && end < at + 1 + digits && isOctal(text.charAt(end))) {
                    value = value * 8 + (text.charAt(end) - '0');
                    end++;
                }
                out.append((char) (value & 0xff));
                return end;
            }
            default:
                out.append('\\').append(n);
                return next;
        }
    }

    private static int hex(String text, int at, int maxDigits, StringBuilder out, boolean unicode) {
        int start = at + 2;
        int end = start;
        long value = 0;
        while (end < text.length() && end < start + maxDigits && Character.digit(text.charAt(end), 16) >= 0) {
            value = value * 16 + Character.digit(text.charAt(end), 16);
            end++;
        }
        if (end == start || (unicode && !Character.isValidCodePoint((int) Math.min(value, Integer.MAX_VALUE)))) {
            out.append(text, at, end);
            return end;
        }
        if (unicode) {
            out.appendCodePoint((int) value);
        } else {
            out.append((char) value);
        }
        return end;
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
