package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Text filters: {@code head tail wc grep sort uniq tee seq}. Stdin, when read, is complete. */
public final class TextCommands {
    private TextCommands() {
    }

    /** Lines with their terminators; a last line without one is kept as it is. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    private static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    /** The inputs named by {@code operands} (stdin for none or "-"); null entries could not be opened. */
    private static List<Input> inputs(Builtins.Call call, List<String> operands, String openMessage) {
        List<Input> inputs = new ArrayList<>();
        List<String> names = operands.isEmpty() ? List.of("-") : operands;
        for (String name : names) {
            if (name.equals("-")) {
                inputs.add(new Input("-", call.stdin == null ? new byte[0] : call.stdin, false));
                continue;
            }
            Optional<FileEntry> entry = call.stat(name);
            if (entry.isEmpty() || entry.get().type() == FileEntry.Type.DIRECTORY) {
                if (openMessage != null) {
                    call.err(String.format(openMessage, name,
                            entry.isEmpty() ? "No such file or directory" : "Is a directory") + "\n");
                }
                inputs.add(null);
            } else {
                inputs.add(new Input(name, call.read(name), true));
            }
        }
        return inputs;
    }

    private record Input(String name, byte[] data, boolean regular) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static int head(Builtins.Call call) {
        return headOrTail(call, true);
    }

    static int tail(Builtins.Call call) {
        return headOrTail(call, false);
    }

    private static int headOrTail(Builtins.Call call, boolean head) {
        String name = head ? "head" : "tail";
        GnuOptions options = GnuOptions.parse(call.args(), "nc", "qvf");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        String countText = options.values.getOrDefault('n', options.values.getOrDefault('c', "10"));
        boolean bytes = options.values.containsKey('c');
        boolean fromStart = !head && countText.startsWith("+");
        long count;
        try {
            count = Long.parseLong(countText.replaceFirst("^[+-]", ""));
        } catch (NumberFormatException e) {
            call.err(name + ": invalid number of " + (bytes ? "bytes" : "lines") + ": '" + countText + "'\n");
            return 1;
        }
        List<Input> inputs = inputs(call, options.operands, name + ": cannot open '%s' for reading: %s");
        boolean headers = inputs.size() > 1 && !options.has('q') || options.has('v');
        int status = 0;
        boolean first = true;
        for (Input input : inputs) {
            if (input == null) {
                status = 1;
                continue;
            }
            if (headers) {
                call.out((first ? "" : "\n") + "==> " + (input.name.equals("-") ? "standard input" : input.name)
                        + " <==\n");
            }
            first = false;
            if (bytes) {
                byte[] data = input.data;
                int n = (int) Math.min(count, data.length);
                byte[] part = head ? Arrays.copyOf(data, n)
                        : fromStart ? Arrays.copyOfRange(data, (int) Math.min(Math.max(count - 1, 0), data.length),
                        data.length) : Arrays.copyOfRange(data, data.length - n, data.length);
                call.out(part);
                continue;
            }
            List<String> lines = lines(input.text());
            List<String> part;
            if (head) {
                part = lines.subList(0, (int) Math.min(count, lines.size()));
            } else if (fromStart) {
                part = lines.subList((int) Math.min(Math.max(count - 1, 0), lines.size()), lines.size());
            } else {
                part = lines.subList(lines.size() - (int) Math.min(count, lines.size()), lines.size());
            }
            call.out(String.join("", part));
        }
        return status;
    }

    static int wc(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "lwcmL");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        boolean lines = options.has('l');
        boolean words = options.has('w');
        boolean chars = options.has('c') || options.has('m');
        if (!lines && !words && !chars) {
            lines = words = chars = true;
        }
        List<Input> inputs = inputs(call, options.operands, "wc: %s: %s");
        List<long[]> counts = new ArrayList<>();
        long[] total = new long[3];
        boolean nonRegular = false;
        int status = 0;
        for (Input input : inputs) {
            if (input == null) {
                status = 1;
                counts.add(null);
                continue;
            }
            String text = input.text();
            long l = text.chars().filter(c -> c == '\n').count();
            String trimmed = text.trim();
            long w = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
            long c = options.has('m') ? text.codePointCount(0, text.length()) : input.data.length;
            counts.add(new long[] {l, w, c});
            total[0] += l;
            total[1] += w;
            total[2] += c;
            nonRegular |= !input.regular;
        }
        int selected = (lines ? 1 : 0) + (words ? 1 : 0) + (chars ? 1 : 0);
        int width;
        if (selected == 1 && inputs.size() == 1) {
            width = 1;
        } else {
            width = Math.max(1, String.valueOf(total[2]).length());
            if (nonRegular) {
                width = Math.max(width, 7);
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> names = options.operands;
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) == null) {
                continue;
            }
            appendCounts(out, counts.get(i), lines, words, chars, width);
            if (!names.isEmpty()) {
                out.append(' ').append(names.get(i));
            }
            out.append('\n');
        }
        if (names.size() > 1) {
            appendCounts(out, total, lines, words, chars, width);
            out.append(" total\n");
        }
        call.out(out.toString());
        return status;
    }

    private static void appendCounts(StringBuilder out, long[] counts, boolean l, boolean w, boolean c, int width) {
        List<String> parts = new ArrayList<>();
        if (l) {
            parts.add(String.format("%" + width + "d", counts[0]));
        }
        if (w) {
            parts.add(String.format("%" + width + "d", counts[1]));
        }
        if (c) {
            parts.add(String.format("%" + width + "d", counts[2]));
        }
        out.append(String.join(" ", parts));
    }

    static int grep(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "emABC", "ivcnqEFxwlLhHsor");
        if (options.error != null) {
            call.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
            return 2;
        }
        List<String> operands = new ArrayList<>(options.operands);
        String pattern;
        if (options.values.containsKey('e')) {
            pattern = options.values.get('e');
        } else if (operands.isEmpty()) {
            call.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
            return 2;
        } else {
            pattern = operands.remove(0);
        }
        String regex;
        if (options.has('F')) {
            regex = Pattern.quote(pattern);
        } else if (options.has('E')) {
            regex = pattern;
        } else {
            regex = basicToJava(pattern);
        }
        if (options.has('w')) {
            regex = "(?<![A-Za-z0-9_])(?:" + regex + ")(?![A-Za-z0-9_])";
        }
        if (options.has('x')) {
            regex = "^(?:" + regex + ")$";
        }
        Pattern compiled = compile(regex, options.has('i') ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        if (compiled == null) {
            call.err("grep: Invalid regular expression\n");
            return 2;
        }
        try {
            return grepInputs(call, options, operands, compiled);
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition of a group, so a pattern like (a|b)* on
            // a long enough line exhausts the stack. GNU grep has no such limit; fail the command
            // clearly instead of the whole process (the stack has unwound by the time we are here).
            call.err("grep: the regular expression is too complex for so long a line in the simulated shell\n");
            return 2;
        }
    }

    private static int grepInputs(Builtins.Call call, GnuOptions options, List<String> operands, Pattern compiled) {
        boolean quiet = options.has('q');
        List<Input> inputs = inputs(call, operands, options.has('s') ? null : "grep: %s: %s");
        boolean prefix = options.has('H') || inputs.size() > 1 && !options.has('h');
        boolean matchedAny = false;
        boolean error = false;
        long max = options.values.containsKey('m') ? Long.parseLong(options.values.get('m')) : Long.MAX_VALUE;
        StringBuilder out = new StringBuilder();
        for (Input input : inputs) {
            if (input == null) {
                error = true;
                continue;
            }
            String name = input.name.equals("-") ? "(standard input)" : input.name;
            long count = 0;
            List<String> lines = lines(input.text());
            for (int i = 0; i < lines.size() && count < max; i++) {
                String line = strip(lines.get(i));
                Matcher matcher = compiled.matcher(line);
                boolean found = matcher.find();
                if (found == options.has('v')) {
                    continue;
                }
                count++;
                matchedAny = true;
                if (quiet) {
                    return 0;
                }
                if (options.has('c') || options.has('l') || options.has('L')) {
                    continue;
                }
                if (options.has('o') && !options.has('v')) {
                    matcher.reset();
                    while (matcher.find()) {
                        if (matcher.group().isEmpty()) {
                            continue;
                        }
                        out.append(prefix ? name + ":" : "").append(options.has('n') ? (i + 1) + ":" : "")
                                .append(matcher.group()).append('\n');
                    }
                    continue;
                }
                out.append(prefix ? name + ":" : "").append(options.has('n') ? (i + 1) + ":" : "").append(line)
                        .append('\n');
            }
            if (options.has('c')) {
                out.append(prefix ? name + ":" : "").append(count).append('\n');
            } else if (options.has('l') && count > 0) {
                out.append(name).append('\n');
            } else if (options.has('L') && count == 0) {
                out.append(name).append('\n');
            }
        }
        call.out(out.toString());
        if (error && !(quiet && matchedAny)) {
            return 2;
        }
        return matchedAny ? 0 : 1;
    }

    /** POSIX basic regular expressions to Java's: {@code \( \) \| \+ \?} are special, bare ones literal. */
    static String basicToJava(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char n = pattern.charAt(++i);
                if ("()|+?{}".indexOf(n) >= 0) {
                    out.append(n);
                } else {
                    out.append('\\').append(n);
                }
            } else if ("()|+?{}".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static int sort(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "tko", "rnuf");
        if (options.error != null) {
            return call.usage(options.error, 2);
        }
        List<Input> inputs = inputs(call, options.operands, "sort: cannot read: %s: %s");
        List<String> all = new ArrayList<>();
        for (Input input : inputs) {
            if (input == null) {
                return 2;
            }
            lines(input.text()).forEach(line -> all.add(strip(line)));
        }
        java.util.Comparator<String> order = Builtins.byteOrder();
        if (options.has('f')) {
            order = String.CASE_INSENSITIVE_ORDER;
        }
        if (options.has('n')) {
            order = java.util.Comparator.comparingDouble(TextCommands::leadingNumber).thenComparing(order);
        }
        if (options.has('r')) {
            order = order.reversed();
        }
        all.sort(order);
        List<String> result = options.has('u') ? new ArrayList<>(new LinkedHashSet<>(all)) : all;
        StringBuilder out = new StringBuilder();
        result.forEach(line -> out.append(line).append('\n'));
        call.out(out.toString());
        return 0;
    }

    private static double leadingNumber(String line) {
        Matcher m = Pattern.compile("^\\s*(-?[0-9]+(\\.[0-9]+)?)").matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static int uniq(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "cdui");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        List<Input> inputs = inputs(call, options.operands.isEmpty() ? List.of() : options.operands.subList(0, 1),
                "uniq: %s: %s");
        if (inputs.get(0) == null) {
            return 1;
        }
        StringBuilder out = new StringBuilder();
        String previous = null;
        int run = 0;
        List<String> lines = new ArrayList<>();
        lines(inputs.get(0).text()).forEach(l -> lines.add(strip(l)));
        lines.add(null);
        for (String line : lines) {
            boolean same = previous != null && line != null
                    && (options.has('i') ? previous.equalsIgnoreCase(line) : previous.equals(line));
            if (same) {
                run++;
                continue;
            }
            if (previous != null) {
                boolean print = options.has('d') ? run > 1 : !options.has('u') || run == 1;
                if (print) {
                    out.append(options.has('c') ? String.format("%7d ", run) : "").append(previous).append('\n');
                }
            }
            previous = line;
            run = 1;
        }
        call.out(out.toString());
        return 0;
    }

    static int tee(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "ai");
        byte[] data = call.stdin == null ? new byte[0] : call.stdin;
        int status = 0;
        for (String file : options.operands) {
            String path = call.path(file);
            Optional<FileEntry> parent = call.sys.fs().stat(SandboxPaths.parent(path));
            if (parent.isEmpty() || call.isDirectory(file)) {
                call.err("tee: " + file + ": " + (parent.isEmpty() ? "No such file or directory" : "Is a directory")
                        + "\n");
                status = 1;
                continue;
            }
            // open(2) then one write, as tee does: -a appends atomically, without it O_TRUNC.
            OpenFile opened = new OpenFile(path, options.has('a'));
            try {
                call.sys.fs().open(path, !opened.append, call.sys.user());
                opened.write(call.sys.fs(), data);
            } catch (FileSystemException e) {
                call.err("tee: " + file + ": No such file or directory\n");
                status = 1;
            }
        }
        call.out(data);
        return status;
    }

    static int seq(Builtins.Call call) {
        List<String> args = call.args();
        if (args.isEmpty() || args.size() > 3) {
            return call.usage(args.isEmpty() ? "missing operand" : "extra operand '" + args.get(3) + "'", 1);
        }
        long first = 1;
        long step = 1;
        long last;
        try {
            if (args.size() == 1) {
                last = Long.parseLong(args.get(0));
            } else if (args.size() == 2) {
                first = Long.parseLong(args.get(0));
                last = Long.parseLong(args.get(1));
            } else {
                first = Long.parseLong(args.get(0));
                step = Long.parseLong(args.get(1));
                last = Long.parseLong(args.get(2));
            }
        } catch (NumberFormatException e) {
            call.err("seq: invalid argument (only integers are supported by the simulated shell)\n");
            return 1;
        }
        if (step == 0) {
            call.err("seq: invalid Zero increment value: '0'\n");
            return 1;
        }
        StringBuilder out = new StringBuilder();
        for (long i = first; step > 0 ? i <= last : i >= last; i += step) {
            out.append(i).append('\n');
        }
        call.out(out.toString());
        return 0;
    }

    /** For {@code head} reading stdin as it arrives: how many lines it prints. */
    public static int headLines(List<String> words) {
        GnuOptions options = GnuOptions.parse(words.subList(1, words.size()), "nc", "");
        String n = options.values.get('n');
        if (n == null) {
            return 10;
        }
        try {
            return Math.max(0, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            return 10;
        }
    }

    /** The pattern, or null when Java cannot compile it (grep then reports the regex as invalid). */
    static Pattern compile(String regex, int flags) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
