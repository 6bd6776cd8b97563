package dev.sandboxemulator.emulator.backend.simulated.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** GNU-style option parsing: clustered flags, options after operands, {@code --}, {@code -N} for a count. */
final class GnuOptions {
    final Set<Character> flags = new HashSet<>();
    final Set<String> longOptions = new HashSet<>();
    final Map<Character, String> values = new HashMap<>();
    final List<String> operands = new ArrayList<>();
    /** GNU's message for the first bad option, or null. */
    String error;

    private GnuOptions() {
    }

    /**
     * @param withValue options that take a value ({@code -n 5} or {@code -n5})
     * @param allowed the flags known without a value; empty accepts any
     */
    static GnuOptions parse(List<String> args, String withValue, String allowed) {
        GnuOptions options = new GnuOptions();
        boolean endOfOptions = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (endOfOptions || !arg.startsWith("-") || arg.equals("-")) {
                options.operands.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (arg.startsWith("--")) {
                options.longOptions.add(arg.substring(2));
                continue;
            }
            if (arg.substring(1).matches("[0-9]+") && withValue.indexOf('n') >= 0) {
                options.values.put('n', arg.substring(1));
                continue;
            }
            for (int j = 1; j < arg.length(); j++) {
                char c = arg.charAt(j);
                if (withValue.indexOf(c) >= 0) {
                    String value = arg.substring(j + 1);
                    if (value.isEmpty()) {
                        if (i + 1 >= args.size()) {
                            options.fail("option requires an argument -- '" + c + "'");
                            break;
                        }
                        value = args.get(++i);
                    }
                    options.values.put(c, value);
                    break;
                }
                if (!allowed.isEmpty() && allowed.indexOf(c) < 0) {
                    options.fail("invalid option -- '" + c + "'");
                }
                options.flags.add(c);
            }
        }
        return options;
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    boolean has(char flag) {
        return flags.contains(flag);
    }
}
