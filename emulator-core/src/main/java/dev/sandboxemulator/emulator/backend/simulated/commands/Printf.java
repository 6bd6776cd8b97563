package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.simulated.shell.Escapes;

import java.util.List;

/** The {@code printf} builtin's format language: {@code %s %d %i %u %x %X %o %f %e %g %c %b %%}, flags, width, precision. */
final class Printf {
    private Printf() {
    }

    static int format(String format, List<String> args, StringBuilder out, Builtins.Call call) {
        int status = 0;
        int next = 0;
        do {
            int consumedBefore = next;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '\\') {
                    i = Escapes.decodeOne(format, i, out, Escapes.Dialect.PRINTF_FORMAT) - 1;
                    continue;
                }
                if (c != '%' || i + 1 >= format.length()) {
                    out.append(c);
                    continue;
                }
                int start = i;
                i++;
                if (format.charAt(i) == '%') {
                    out.append('%');
                    continue;
                }
                while (i < format.length() && "-+ #0".indexOf(format.charAt(i)) >= 0) {
                    i++;
                }
                while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                    i++;
                }
                if (i >= format.length()) {
                    out.append(format, start, i);
                    break;
                }
                char conversion = format.charAt(i);
                String spec = format.substring(start, i);
                String arg = next < args.size() ? args.get(next++) : null;
                switch (conversion) {
                    case 's':
                        out.append(String.format(spec + "s", arg == null ? "" : arg));
                        break;
                    case 'b': {
                        StringBuilder decoded = new StringBuilder();
                        Escapes.append(arg == null ? "" : arg, decoded, Escapes.Dialect.PRINTF_B);
                        out.append(String.format(spec + "s", decoded));
                        break;
                    }
                    case 'c':
                        out.append(arg == null || arg.isEmpty() ? "" : arg.substring(0, 1));
                        break;
                    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
                        long value = 0;
                        if (arg != null && !arg.isEmpty()) {
                            try {
                                value = arg.startsWith("'") || arg.startsWith("\"")
                                        ? (arg.length() > 1 ? arg.charAt(1) : 0) : Long.decode(arg.trim());
                            } catch (NumberFormatException e) {
                                call.err("printf: " + arg + ": invalid number\n");
                                status = 1;
                            }
                        }
                        char javaConversion = conversion == 'i' || conversion == 'u' ? 'd' : conversion;
                        out.append(String.format(spec.replace("#", "") + javaConversion, value));
                        break;
                    }
                    case 'f': case 'e': case 'E': case 'g': case 'G': {
                        double value = 0;
                        if (arg != null && !arg.isEmpty()) {
                            try {
                                value = Double.parseDouble(arg.trim());
                            } catch (NumberFormatException e) {
                                call.err("printf: " + arg + ": invalid number\n");
                                status = 1;
                            }
                        }
                        out.append(String.format(spec + conversion, value));
                        break;
                    }
                    default:
                        out.append(spec).append(conversion);
                        if (arg != null) {
                            next--;
                        }
                }
            }
            if (next == consumedBefore) {
                break;
            }
        } while (next < args.size());
        return status;
    }
}
