package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.simulated.shell.Escapes;
import dev.sandboxemulator.emulator.spi.FileEntry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code echo}, {@code printf} and {@code cat}: the commands that print their arguments or files. */
final class OutputCommands {
    private OutputCommands() {
    }

    static int echo(Builtins.Call call) {
        List<String> args = call.args();
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < args.size() && args.get(i).matches("-[neE]+")) {
            for (char c : args.get(i).substring(1).toCharArray()) {
                if (c == 'n') {
                    newline = false;
                } else if (c == 'e') {
                    escapes = true;
                } else {
                    escapes = false;
                }
            }
            i++;
        }
        String text = String.join(" ", args.subList(i, args.size()));
        if (escapes) {
            StringBuilder out = new StringBuilder();
            if (!Escapes.append(text, out, Escapes.Dialect.ECHO)) {
                call.out(out.toString());
                return 0;
            }
            text = out.toString();
        }
        call.out(newline ? text + "\n" : text);
        return 0;
    }

    static int printf(Builtins.Call call) {
        if (call.args().isEmpty()) {
            call.err("printf: usage: printf [-v var] format [arguments]\n");
            return 2;
        }
        StringBuilder out = new StringBuilder();
        int status = Printf.format(call.args().get(0), call.args().subList(1, call.args().size()), out, call);
        call.out(out.toString());
        return status;
    }

    static int cat(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "nAvETbs");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        List<String> files = options.operands.isEmpty() ? List.of("-") : options.operands;
        int status = 0;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String file : files) {
            if (file.equals("-")) {
                all.writeBytes(call.stdin == null ? new byte[0] : call.stdin);
                continue;
            }
            Optional<FileEntry> entry = call.stat(file);
            if (entry.isEmpty()) {
                flush(call, all, options.has('n'));
                call.err("cat: " + file + ": No such file or directory\n");
                status = 1;
            } else if (entry.get().type() == FileEntry.Type.DIRECTORY) {
                flush(call, all, options.has('n'));
                call.err("cat: " + file + ": Is a directory\n");
                status = 1;
            } else {
                all.writeBytes(call.read(file));
            }
        }
        flush(call, all, options.has('n'));
        return status;
    }

    private static void flush(Builtins.Call call, ByteArrayOutputStream data, boolean number) {
        if (data.size() == 0) {
            return;
        }
        if (!number) {
            call.out(data.toByteArray());
        } else {
            String text = data.toString(StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            List<String> lines = TextCommands.lines(text);
            for (int i = 0; i < lines.size(); i++) {
                out.append(String.format("%6d\t", i + 1)).append(lines.get(i));
            }
            call.out(out.toString());
        }
        data.reset();
    }
}
