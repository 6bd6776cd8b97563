package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.spi.FileEntry;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code ls}: one name per line (output is never a terminal), {@code -l -a -A -1 -d -r -h}. */
final class LsCommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LsCommand() {
    }

    static int ls(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "laA1dhrRtSF");
        if (options.error != null) {
            call.err("ls: " + options.error + "\nTry 'ls --help' for more information.\n");
            return 2;
        }
        boolean all = options.has('a') || options.longOptions.contains("all");
        boolean almostAll = options.has('A');
        boolean reverse = options.has('r');
        List<String> operands = options.operands.isEmpty() ? List.of(".") : options.operands;
        int status = 0;
        List<String[]> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (String operand : operands) {
            Optional<FileEntry> entry = call.stat(operand);
            if (entry.isEmpty()) {
                call.err("ls: cannot access '" + operand + "': No such file or directory\n");
                status = 2;
            } else if (entry.get().type() == FileEntry.Type.DIRECTORY && !options.has('d')) {
                dirs.add(operand);
            } else {
                files.add(new String[] {operand, call.path(operand)});
            }
        }
        files.sort(Comparator.comparing((String[] f) -> f[0], Builtins.byteOrder()));
        dirs.sort(Builtins.byteOrder());
        StringBuilder out = new StringBuilder();
        List<Row> fileRows = new ArrayList<>();
        for (String[] file : files) {
            fileRows.add(new Row(file[0], call.sys.fs().stat(file[1]).orElseThrow()));
        }
        print(out, fileRows, options, false, reverse);
        boolean headers = operands.size() > 1;
        for (int i = 0; i < dirs.size(); i++) {
            String dir = dirs.get(i);
            if (out.length() > 0 || i > 0) {
                out.append('\n');
            }
            if (headers) {
                out.append(dir).append(":\n");
            }
            String path = call.path(dir);
            List<Row> rows = new ArrayList<>();
            if (all) {
                rows.add(new Row(".", call.sys.fs().stat(path).orElseThrow()));
                rows.add(new Row("..", call.sys.fs().stat(SandboxPaths.parent(path)).orElseThrow()));
            }
            for (FileEntry entry : call.sys.fs().list(path, 1)) {
                if (entry.name().startsWith(".") && !all && !almostAll) {
                    continue;
                }
                rows.add(new Row(entry.name(), entry));
            }
            rows.sort(Comparator.comparing(Row::name, Builtins.byteOrder()));
            print(out, rows, options, true, reverse);
        }
        call.out(out.toString());
        return status;
    }

    private record Row(String name, FileEntry entry) {
    }

    private static void print(StringBuilder out, List<Row> rows, GnuOptions options, boolean total, boolean reverse) {
        if (reverse) {
            java.util.Collections.reverse(rows);
        }
        if (!options.has('l')) {
            rows.forEach(row -> out.append(row.name).append(suffix(row, options)).append('\n'));
            return;
        }
        if (total) {
            long blocks = 0;
            for (Row row : rows) {
                blocks += blocks(row.entry);
            }
            out.append("total ").append(blocks).append('\n');
        }
        int sizeWidth = 1;
        int ownerWidth = 1;
        int groupWidth = 1;
        for (Row row : rows) {
            sizeWidth = Math.max(sizeWidth, size(row.entry, options.has('h')).length());
            ownerWidth = Math.max(ownerWidth, row.entry.owner().length());
            groupWidth = Math.max(groupWidth, row.entry.group().length());
        }
        for (Row row : rows) {
            FileEntry e = row.entry;
            boolean dir = e.type() == FileEntry.Type.DIRECTORY;
            out.append(dir ? 'd' : '-').append(permissions(e.mode())).append(' ')
                    .append(dir ? 2 : 1).append(' ')
                    .append(pad(e.owner(), ownerWidth, false)).append(' ')
                    .append(pad(e.group(), groupWidth, false)).append(' ')
                    .append(pad(size(e, options.has('h')), sizeWidth, true)).append(' ')
                    .append(DATE.format(e.modifiedTime())).append(' ')
                    .append(row.name).append(suffix(row, options)).append('\n');
        }
    }

    private static String suffix(Row row, GnuOptions options) {
        return options.has('F') && row.entry.type() == FileEntry.Type.DIRECTORY ? "/" : "";
    }

    private static long blocks(FileEntry e) {
        if (e.type() == FileEntry.Type.DIRECTORY) {
            return 4;
        }
        return (e.size() + 4095) / 4096 * 4;
    }

    private static String size(FileEntry e, boolean human) {
        long size = e.type() == FileEntry.Type.DIRECTORY ? 4096 : e.size();
        if (!human || size < 1024) {
            return String.valueOf(size);
        }
        String[] units = {"K", "M", "G", "T"};
        double value = size;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value < 10 ? String.format(Locale.ROOT, "%.1f%s", Math.ceil(value * 10) / 10, units[unit])
                : String.format(Locale.ROOT, "%d%s", (long) Math.ceil(value), units[unit]);
    }

    static String permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        if ((mode & 01000) != 0) {
            s.setCharAt(8, s.charAt(8) == 'x' ? 't' : 'T');
        }
        return s.toString();
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
