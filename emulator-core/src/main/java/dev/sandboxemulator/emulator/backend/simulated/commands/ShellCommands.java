package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.simulated.shell.Ast;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellParser;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellState;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellSyntaxException;
import dev.sandboxemulator.emulator.spi.FileEntry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The commands that act on the shell itself rather than on files: its directory, variables and options
 * ({@code cd export unset set env read}), how it goes on ({@code sleep exit exec nohup}) and scripts it runs
 * ({@code bash sh source .}). Most answer with an {@link Builtins.Outcome} the command frame acts on.
 */
final class ShellCommands {
    private ShellCommands() {
    }

    static int pwd(Builtins.Call call) {
        call.out(call.job.shell.cwd + "\n");
        return 0;
    }

    static int cd(Builtins.Call call) {
        List<String> args = call.args().stream().filter(a -> !a.equals("-L") && !a.equals("-P")).toList();
        if (args.size() > 1) {
            call.err("bash: cd: too many arguments\n");
            return 1;
        }
        ShellState shell = call.job.shell;
        String target;
        if (args.isEmpty()) {
            target = shell.vars.get("HOME");
            if (target == null) {
                call.err("bash: cd: HOME not set\n");
                return 1;
            }
        } else if (args.get(0).equals("-")) {
            target = shell.vars.get("OLDPWD");
            if (target == null) {
                call.err("bash: cd: OLDPWD not set\n");
                return 1;
            }
            call.out(target + "\n");
        } else {
            target = args.get(0);
        }
        Optional<FileEntry> entry = call.stat(target);
        if (entry.isEmpty()) {
            call.err("bash: cd: " + target + ": No such file or directory\n");
            return 1;
        }
        if (entry.get().type() != FileEntry.Type.DIRECTORY) {
            call.err("bash: cd: " + target + ": Not a directory\n");
            return 1;
        }
        String old = shell.cwd;
        shell.cwd = call.path(target);
        shell.set("OLDPWD", old);
        shell.set("PWD", shell.cwd);
        return 0;
    }

    static Builtins.Outcome env(Builtins.Call call) {
        Map<String, String> extra = new LinkedHashMap<>(call.assignments);
        List<String> args = call.args();
        int i = 0;
        boolean ignore = false;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("-i") || arg.equals("-")) {
                ignore = true;
            } else if (arg.equals("-u") && i + 1 < args.size()) {
                extra.remove(args.get(++i));
            } else if (arg.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                int eq = arg.indexOf('=');
                extra.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                break;
            }
            i++;
        }
        if (i < args.size()) {
            return Builtins.Outcome.run(args.subList(i, args.size()), extra);
        }
        Map<String, String> env = ignore ? extra : call.job.shell.environment(extra);
        StringBuilder out = new StringBuilder();
        env.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        call.out(out.toString());
        return Builtins.Outcome.status(0);
    }

    static int export(Builtins.Call call) {
        ShellState shell = call.job.shell;
        List<String> args = call.args().stream().filter(a -> !a.equals("-p") && !a.equals("--")).toList();
        if (args.isEmpty()) {
            StringBuilder out = new StringBuilder();
            new TreeSet<>(shell.exported).forEach(name -> {
                String value = shell.vars.get(name);
                out.append("declare -x ").append(name);
                if (value != null) {
                    out.append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                out.append('\n');
            });
            call.out(out.toString());
            return 0;
        }
        int status = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                call.err("bash: export: `" + arg + "': not a valid identifier\n");
                status = 1;
                continue;
            }
            if (eq >= 0) {
                shell.set(name, arg.substring(eq + 1));
            }
            shell.export(name);
        }
        return status;
    }

    static int unset(Builtins.Call call) {
        call.args().stream().filter(a -> !a.startsWith("-")).forEach(call.job.shell::unset);
        return 0;
    }

    static int set(Builtins.Call call) {
        ShellState shell = call.job.shell;
        List<String> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-' && arg.charAt(0) != '+') {
                continue;
            }
            boolean on = arg.charAt(0) == '-';
            if (arg.substring(1).equals("o")) {
                if (i + 1 < args.size()) {
                    String option = args.get(++i);
                    if (option.equals("pipefail")) {
                        shell.pipefail = on;
                    } else if (option.equals("errexit")) {
                        shell.errexit = on;
                    } else if (option.equals("nounset")) {
                        shell.nounset = on;
                    }
                }
                continue;
            }
            for (char c : arg.substring(1).toCharArray()) {
                if (c == 'e') {
                    shell.errexit = on;
                } else if (c == 'u') {
                    shell.nounset = on;
                }
            }
        }
        return 0;
    }

    static Builtins.Outcome sleep(Builtins.Call call) {
        if (call.args().isEmpty()) {
            call.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
            return Builtins.Outcome.status(1);
        }
        Duration total = Duration.ZERO;
        for (String arg : call.args()) {
            if (arg.equals("infinity")) {
                return Builtins.Outcome.sleep(null);
            }
            var matcher = Pattern.compile("([0-9]*\\.?[0-9]+)([smhd]?)").matcher(arg);
            if (!matcher.matches()) {
                call.err("sleep: invalid time interval '" + arg + "'\nTry 'sleep --help' for more information.\n");
                return Builtins.Outcome.status(1);
            }
            BigDecimal amount = new BigDecimal(matcher.group(1));
            long unitSeconds = switch (matcher.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 1;
            };
            long nanos = amount.multiply(BigDecimal.valueOf(unitSeconds)).multiply(BigDecimal.valueOf(1_000_000_000L))
                    .longValue();
            total = total.plusNanos(nanos);
        }
        return Builtins.Outcome.sleep(total);
    }

    static Builtins.Outcome exit(Builtins.Call call) {
        if (call.args().isEmpty()) {
            return Builtins.Outcome.exit(call.job.shell.lastStatus);
        }
        String arg = call.args().get(0);
        try {
            return Builtins.Outcome.exit(Integer.parseInt(arg) & 0xFF);
        } catch (NumberFormatException e) {
            call.err("bash: exit: " + arg + ": numeric argument required\n");
            return Builtins.Outcome.exit(2);
        }
    }

    /** {@code read [-r] [-p prompt] [name...]}: the shell hands it the line it took from stdin, without the newline. */
    static int read(Builtins.Call call) {
        String line = new String(call.stdin, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        boolean raw = false;
        List<String> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-r")) {
                raw = true;
            } else if ((arg.equals("-p") || arg.equals("-t") || arg.equals("-u")) && i + 1 < args.size()) {
                i++;
            } else if (!arg.startsWith("-")) {
                names.add(arg);
            }
        }
        if (!raw) {
            line = line.replaceAll("\\\\(.)", "$1");
        }
        if (names.isEmpty()) {
            call.job.shell.set("REPLY", line);
            return 0;
        }
        String rest = line.replaceFirst("^[ \t]+", "");
        for (int i = 0; i < names.size(); i++) {
            if (i == names.size() - 1) {
                call.job.shell.set(names.get(i), rest.replaceFirst("[ \t]+$", ""));
            } else {
                String[] split = rest.split("[ \t]+", 2);
                call.job.shell.set(names.get(i), split[0]);
                rest = split.length > 1 ? split[1] : "";
            }
        }
        return 0;
    }

    static Builtins.Outcome bash(Builtins.Call call) {
        List<String> args = call.args();
        String script = null;
        boolean command = false;
        boolean errexit = false;
        int i = 0;
        for (; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.startsWith("-o") || arg.startsWith("+o")) {
                i++;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            if (!arg.startsWith("--")) {
                command |= arg.indexOf('c') > 0;
                errexit |= arg.indexOf('e') > 0;
            }
        }
        if (command) {
            if (i >= args.size()) {
                call.err("bash: -c: option requires an argument\n");
                return Builtins.Outcome.status(2);
            }
            script = args.get(i);
        } else if (i < args.size() && !args.get(i).equals("-")) {
            String file = args.get(i);
            Optional<FileEntry> entry = call.stat(file);
            if (entry.isEmpty() || entry.get().type() != FileEntry.Type.FILE) {
                call.err("bash: " + file + ": No such file or directory\n");
                return Builtins.Outcome.status(127);
            }
            script = new String(call.read(file), StandardCharsets.UTF_8);
        } else {
            script = call.stdin == null ? "" : new String(call.stdin, StandardCharsets.UTF_8);
        }
        return parsed(call, script, errexit);
    }

    static Builtins.Outcome source(Builtins.Call call) {
        if (call.args().isEmpty()) {
            call.err("bash: " + call.name() + ": filename argument required\n");
            return Builtins.Outcome.status(2);
        }
        String file = call.args().get(0);
        Optional<FileEntry> entry = call.stat(file);
        if (entry.isEmpty()) {
            call.err("bash: " + file + ": No such file or directory\n");
            return Builtins.Outcome.status(1);
        }
        try {
            return Builtins.Outcome.sourced(ShellParser.parse(new String(call.read(file), StandardCharsets.UTF_8)));
        } catch (ShellSyntaxException e) {
            call.err(e.getMessage() + "\n");
            return Builtins.Outcome.status(2);
        }
    }

    private static Builtins.Outcome parsed(Builtins.Call call, String script, boolean errexit) {
        Ast.CommandList list;
        try {
            list = ShellParser.parse(script);
        } catch (ShellSyntaxException e) {
            call.err(e.getMessage() + "\n");
            return Builtins.Outcome.status(2);
        }
        Map<String, String> exports = new LinkedHashMap<>(call.assignments);
        if (errexit) {
            list = new Ast.CommandList(List.of(new Ast.CommandList.Item(new Ast.SimpleCommand(List.of(),
                    List.of(Ast.Word.quoted("set"), Ast.Word.quoted("-e")), List.of()), false),
                    new Ast.CommandList.Item(list, false)));
        }
        return Builtins.Outcome.script(list, exports);
    }

    /** {@code exec} and {@code nohup}: run the arguments as a command ({@code exec} does not end the script). */
    static Builtins.Outcome runArguments(Builtins.Call call) {
        return call.args().isEmpty() ? Builtins.Outcome.status(0) : Builtins.Outcome.run(call.args(), call.assignments);
    }
}
