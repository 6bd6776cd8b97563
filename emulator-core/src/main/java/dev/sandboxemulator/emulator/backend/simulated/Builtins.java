package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.shell.Ast;
import dev.sandboxemulator.emulator.backend.simulated.shell.Escapes;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellParser;
import dev.sandboxemulator.emulator.backend.simulated.shell.ShellSyntaxException;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The commands the simulated shell knows, on the sandbox's filesystem. Each behaves like its
 * coreutils or bash namesake for the common flags and prints the same error messages (C locale);
 * {@code docs/simulated-shell.md} lists what each one supports.
 */
final class Builtins {
    private Builtins() {
    }

    /**
     * Every builtin, each declared once. The shell's view of the names ({@link #NAMES}), of how each reads stdin
     * ({@link #stdinMode}) and of what each does ({@link #run}) all come from here, so they cannot disagree;
     * {@code docs/simulated-shell.md} must list the same names (a test checks it).
     */
    static final Map<String, Command> COMMANDS = index(List.of(
            Command.of("echo", Command.status(Builtins::echo)),
            Command.of("printf", Command.status(Builtins::printf)),
            Command.reading("cat", Builtins::catStdin, Command.status(Builtins::cat)),
            Command.of("ls", Command.status(Listing::ls)),
            Command.of("mkdir", Command.status(FileCommands::mkdir)),
            Command.of("rm", Command.status(FileCommands::rm)),
            Command.of("rmdir", Command.status(FileCommands::rmdir)),
            Command.of("mv", Command.status(FileCommands::mv)),
            Command.of("cp", Command.status(FileCommands::cp)),
            Command.of("touch", Command.status(FileCommands::touch)),
            Command.of("pwd", Command.status(Builtins::pwd)),
            Command.of("cd", Command.status(Builtins::cd)),
            Command.of("env", Builtins::env),
            Command.of("export", Command.status(Builtins::export)),
            Command.of("unset", Command.status(Builtins::unset)),
            Command.of("sleep", Builtins::sleep),
            Command.of("true", call -> Outcome.status(0)),
            Command.of(":", call -> Outcome.status(0)),
            Command.of("false", call -> Outcome.status(1)),
            Command.of("exit", Builtins::exit),
            Command.of("test", Command.status(call -> TestCommand.test(call, call.args()))),
            Command.of("[", Command.status(Builtins::bracket)),
            Command.reading("head", Builtins::headStdin, Command.status(TextCommands::head)),
            Command.reading("tail", args -> allWithoutOperands(args, "nc"), Command.status(TextCommands::tail)),
            Command.reading("wc", args -> allWithoutOperands(args, ""), Command.status(TextCommands::wc)),
            Command.reading("grep", Builtins::grepStdin, Command.status(TextCommands::grep)),
            Command.reading("sort", args -> allWithoutOperands(args, ""), Command.status(TextCommands::sort)),
            Command.reading("uniq", args -> allWithoutOperands(args, ""), Command.status(TextCommands::uniq)),
            Command.reading("tee", args -> Command.StdinMode.ALL, Command.status(TextCommands::tee)),
            Command.of("seq", Command.status(TextCommands::seq)),
            Command.reading("read", args -> Command.StdinMode.LINE, Command.status(Builtins::read)),
            Command.of("wait", call -> Outcome.waitForJobs()),
            Command.reading("bash", Builtins::shellStdin, Builtins::bash),
            Command.reading("sh", Builtins::shellStdin, Builtins::bash),
            Command.of("source", Builtins::source),
            Command.of(".", Builtins::source),
            Command.of("set", Command.status(Builtins::set)),
            Command.of("whoami", Command.status(Builtins::whoami)),
            Command.of("id", Command.status(Builtins::id)),
            Command.of("hostname", Command.status(Builtins::hostname)),
            Command.of("uname", Command.status(Builtins::uname)),
            Command.of("basename", Command.status(Builtins::basename)),
            Command.of("dirname", Command.status(Builtins::dirname)),
            Command.of("date", Command.status(Builtins::date)),
            Command.of("which", Command.status(Builtins::which)),
            Command.of("command", Builtins::command),
            Command.of("exec", Builtins::runArguments),
            Command.of("nohup", Builtins::runArguments),
            Command.of("yes", Command.status(Builtins::yes))));

    static final Set<String> NAMES = COMMANDS.keySet();

    private static Map<String, Command> index(List<Command> commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command command : commands) {
            if (byName.put(command.name(), command) != null) {
                throw new IllegalStateException("builtin declared twice: " + command.name());
            }
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** The builtin a command name refers to ({@code /bin/ls} is {@code ls}), or null. */
    static String canonicalName(String word) {
        if (NAMES.contains(word)) {
            return word;
        }
        if (word.startsWith("/") && (word.startsWith("/bin/") || word.startsWith("/usr/bin/")
                || word.startsWith("/usr/local/bin/"))) {
            String base = word.substring(word.lastIndexOf('/') + 1);
            if (NAMES.contains(base) && !base.equals("cd") && !base.equals("export")) {
                return base;
            }
        }
        return null;
    }

    /** How the builtin {@code words} invoke (its canonical name first) reads stdin. */
    static Command.StdinMode stdinMode(List<String> words) {
        return COMMANDS.get(words.get(0)).stdin().mode(words.subList(1, words.size()));
    }

    // ---- how commands read stdin ----

    private static Command.StdinMode catStdin(List<String> args) {
        List<String> operands = operands(args, "");
        if (operands.isEmpty() && flags(args).isEmpty()) {
            return Command.StdinMode.STREAM;
        }
        return operands.isEmpty() || operands.contains("-") ? Command.StdinMode.ALL : Command.StdinMode.NONE;
    }

    private static Command.StdinMode headStdin(List<String> args) {
        Options options = Options.parse(args, "nc", "");
        if (options.error != null) {
            return Command.StdinMode.NONE;
        }
        if (options.operands.isEmpty()) {
            return options.has('c') ? Command.StdinMode.ALL : Command.StdinMode.LINES;
        }
        return Command.StdinMode.NONE;
    }

    /** For filters ({@code wc}, {@code sort} ...) that read all of stdin when given no file. */
    private static Command.StdinMode allWithoutOperands(List<String> args, String withValue) {
        return operands(args, withValue).isEmpty() ? Command.StdinMode.ALL : Command.StdinMode.NONE;
    }

    private static Command.StdinMode grepStdin(List<String> args) {
        Options options = Options.parse(args, "em", "");
        int needed = options.values.containsKey('e') ? 0 : 1;
        return options.operands.size() <= needed ? Command.StdinMode.ALL : Command.StdinMode.NONE;
    }

    /** {@code bash} and {@code sh} read their script from stdin unless given a file or {@code -c}. */
    private static Command.StdinMode shellStdin(List<String> args) {
        boolean hasScript = false;
        for (String arg : args) {
            if (!arg.startsWith("-") || arg.equals("-")) {
                hasScript = true;
                break;
            }
            if (arg.startsWith("-") && !arg.startsWith("--") && arg.contains("c")) {
                hasScript = true;
                break;
            }
        }
        return hasScript ? Command.StdinMode.NONE : Command.StdinMode.ALL;
    }

    private static List<String> operands(List<String> args, String withValue) {
        return Options.parse(args, withValue, "").operands;
    }

    private static List<String> flags(List<String> args) {
        List<String> flags = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-") && arg.length() > 1) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** What the command frame must do after a builtin returns. */
    static final class Outcome {
        enum Kind { STATUS, EXIT, SLEEP, WAIT, SCRIPT, RUN }

        final Kind kind;
        final int status;
        final Duration duration;
        final Ast.CommandList script;
        final Map<String, String> exports;
        final List<String> words;
        /** For {@link Kind#SCRIPT}: run in the current shell ({@code source}) instead of a subshell. */
        final boolean currentShell;

        private Outcome(Kind kind, int status, Duration duration, Ast.CommandList script, Map<String, String> exports,
                        List<String> words) {
            this(kind, status, duration, script, exports, words, false);
        }

        private Outcome(Kind kind, int status, Duration duration, Ast.CommandList script, Map<String, String> exports,
                        List<String> words, boolean currentShell) {
            this.kind = kind;
            this.status = status;
            this.duration = duration;
            this.script = script;
            this.exports = exports;
            this.words = words;
            this.currentShell = currentShell;
        }

        static Outcome status(int status) {
            return new Outcome(Kind.STATUS, status, null, null, Map.of(), null);
        }

        static Outcome exit(int status) {
            return new Outcome(Kind.EXIT, status, null, null, Map.of(), null);
        }

        /** Sleeps for {@code duration}; null sleeps forever. */
        static Outcome sleep(Duration duration) {
            return new Outcome(Kind.SLEEP, 0, duration, null, Map.of(), null);
        }

        static Outcome waitForJobs() {
            return new Outcome(Kind.WAIT, 0, null, null, Map.of(), null);
        }

        static Outcome script(Ast.CommandList script, Map<String, String> exports) {
            return new Outcome(Kind.SCRIPT, 0, null, script, exports, null);
        }

        static Outcome sourced(Ast.CommandList script) {
            return new Outcome(Kind.SCRIPT, 0, null, script, Map.of(), null, true);
        }

        static Outcome run(List<String> words, Map<String, String> env) {
            return new Outcome(Kind.RUN, 0, null, null, env, words);
        }
    }

    /** One invocation: the words, where output goes, and stdin when the builtin reads it. */
    static final class Call {
        final Shell sh;
        final Job job;
        final Io io;
        final List<String> words;
        final Map<String, String> assignments;
        final byte[] stdin;

        Call(Shell sh, Job job, Io io, List<String> words, Map<String, String> assignments, byte[] stdin) {
            this.sh = sh;
            this.job = job;
            this.io = io;
            this.words = words;
            this.assignments = assignments;
            this.stdin = stdin;
        }

        String name() {
            return words.get(0);
        }

        List<String> args() {
            return words.subList(1, words.size());
        }

        void out(String text) {
            sh.write(job, io.stdout(), text);
        }

        void out(byte[] data) {
            sh.write(job, io.stdout(), data);
        }

        void err(String text) {
            sh.write(job, io.stderr(), text);
        }

        String path(String path) {
            return sh.resolve(job, path);
        }

        Optional<FileEntry> stat(String path) {
            try {
                return sh.fs().stat(path(path));
            } catch (FileSystemException e) {
                return Optional.empty();
            }
        }

        boolean isDirectory(String path) {
            return stat(path).map(e -> e.type() == FileEntry.Type.DIRECTORY).orElse(false);
        }

        byte[] read(String path) {
            return sh.fs().read(path(path));
        }

        /** Prints GNU's "invalid option" message and returns {@code status}. */
        int usage(String problem, int status) {
            err(name() + ": " + problem + "\nTry '" + name() + " --help' for more information.\n");
            return status;
        }
    }

    static Outcome run(Call call) {
        try {
            return dispatch(call);
        } catch (FileSystemException e) {
            call.err(call.name() + ": " + e.getMessage() + "\n");
            return Outcome.status(1);
        }
    }

    private static Outcome dispatch(Call call) {
        Command command = COMMANDS.get(call.name());
        if (command == null) {
            throw new IllegalStateException("no builtin " + call.name());
        }
        return command.action().run(call);
    }

    // ---- small commands ----

    static int pwd(Call call) {
        call.out(call.job.shell.cwd + "\n");
        return 0;
    }

    static int unset(Call call) {
        call.args().stream().filter(a -> !a.startsWith("-")).forEach(call.job.shell::unset);
        return 0;
    }

    static int whoami(Call call) {
        call.out(call.sh.user() + "\n");
        return 0;
    }

    static int id(Call call) {
        boolean root = call.sh.user().equals("root");
        String uid = root ? "0" : "1000";
        call.out("uid=" + uid + "(" + call.sh.user() + ") gid=" + uid + "(" + call.sh.user() + ") groups="
                + uid + "(" + call.sh.user() + ")\n");
        return 0;
    }

    static int hostname(Call call) {
        call.out(call.sh.sandboxId() + "\n");
        return 0;
    }

    static int uname(Call call) {
        call.out(call.args().contains("-a") ? "Linux " + call.sh.sandboxId()
                + " 6.1.0 #1 SMP x86_64 GNU/Linux\n" : "Linux\n");
        return 0;
    }

    /** {@code exec} and {@code nohup}: run the arguments as a command ({@code exec} does not end the script). */
    static Outcome runArguments(Call call) {
        return call.args().isEmpty() ? Outcome.status(0) : Outcome.run(call.args(), call.assignments);
    }

    static int yes(Call call) {
        call.err("yes: an endless command cannot run in the simulated shell (pipelines are not concurrent)\n");
        return 1;
    }

    // ---- output ----

    static int echo(Call call) {
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

    static int printf(Call call) {
        if (call.args().isEmpty()) {
            call.err("printf: usage: printf [-v var] format [arguments]\n");
            return 2;
        }
        StringBuilder out = new StringBuilder();
        int status = Printf.format(call.args().get(0), call.args().subList(1, call.args().size()), out, call);
        call.out(out.toString());
        return status;
    }

    static int cat(Call call) {
        Options options = Options.parse(call.args(), "", "nAvETbs");
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

    private static void flush(Call call, ByteArrayOutputStream data, boolean number) {
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

    // ---- shell state ----

    static int cd(Call call) {
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

    static Outcome env(Call call) {
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
            return Outcome.run(args.subList(i, args.size()), extra);
        }
        Map<String, String> env = ignore ? extra : call.job.shell.environment(extra);
        StringBuilder out = new StringBuilder();
        env.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        call.out(out.toString());
        return Outcome.status(0);
    }

    static int export(Call call) {
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

    static int set(Call call) {
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

    static Outcome sleep(Call call) {
        if (call.args().isEmpty()) {
            call.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
            return Outcome.status(1);
        }
        Duration total = Duration.ZERO;
        for (String arg : call.args()) {
            if (arg.equals("infinity")) {
                return Outcome.sleep(null);
            }
            var matcher = Pattern.compile("([0-9]*\\.?[0-9]+)([smhd]?)").matcher(arg);
            if (!matcher.matches()) {
                call.err("sleep: invalid time interval '" + arg + "'\nTry 'sleep --help' for more information.\n");
                return Outcome.status(1);
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
        return Outcome.sleep(total);
    }

    static Outcome exit(Call call) {
        if (call.args().isEmpty()) {
            return Outcome.exit(call.job.shell.lastStatus);
        }
        String arg = call.args().get(0);
        try {
            return Outcome.exit(Integer.parseInt(arg) & 0xFF);
        } catch (NumberFormatException e) {
            call.err("bash: exit: " + arg + ": numeric argument required\n");
            return Outcome.exit(2);
        }
    }

    static int bracket(Call call) {
        List<String> args = call.args();
        if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
            call.err("bash: [: missing `]'\n");
            return 2;
        }
        return TestCommand.test(call, args.subList(0, args.size() - 1));
    }

    /** {@code read [-r] [-p prompt] [name...]}: the shell hands it the line it took from stdin, without the newline. */
    static int read(Call call) {
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

    static Outcome bash(Call call) {
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
                return Outcome.status(2);
            }
            script = args.get(i);
        } else if (i < args.size() && !args.get(i).equals("-")) {
            String file = args.get(i);
            Optional<FileEntry> entry = call.stat(file);
            if (entry.isEmpty() || entry.get().type() != FileEntry.Type.FILE) {
                call.err("bash: " + file + ": No such file or directory\n");
                return Outcome.status(127);
            }
            script = new String(call.read(file), StandardCharsets.UTF_8);
        } else {
            script = call.stdin == null ? "" : new String(call.stdin, StandardCharsets.UTF_8);
        }
        return parsed(call, script, errexit);
    }

    static Outcome source(Call call) {
        if (call.args().isEmpty()) {
            call.err("bash: " + call.name() + ": filename argument required\n");
            return Outcome.status(2);
        }
        String file = call.args().get(0);
        Optional<FileEntry> entry = call.stat(file);
        if (entry.isEmpty()) {
            call.err("bash: " + file + ": No such file or directory\n");
            return Outcome.status(1);
        }
        try {
            return Outcome.sourced(ShellParser.parse(new String(call.read(file), StandardCharsets.UTF_8)));
        } catch (ShellSyntaxException e) {
            call.err(e.getMessage() + "\n");
            return Outcome.status(2);
        }
    }

    private static Outcome parsed(Call call, String script, boolean errexit) {
        Ast.CommandList list;
        try {
            list = ShellParser.parse(script);
        } catch (ShellSyntaxException e) {
            call.err(e.getMessage() + "\n");
            return Outcome.status(2);
        }
        Map<String, String> exports = new LinkedHashMap<>(call.assignments);
        if (errexit) {
            list = new Ast.CommandList(List.of(new Ast.CommandList.Item(new Ast.SimpleCommand(List.of(),
                    List.of(Ast.Word.quoted("set"), Ast.Word.quoted("-e")), List.of()), false),
                    new Ast.CommandList.Item(list, false)));
        }
        return Outcome.script(list, exports);
    }

    static int basename(Call call) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return call.usage("missing operand", 1);
        }
        String path = args.get(0).replaceAll("/+$", "");
        String base = path.isEmpty() ? "/" : path.substring(path.lastIndexOf('/') + 1);
        if (args.size() > 1 && base.endsWith(args.get(1)) && !base.equals(args.get(1))) {
            base = base.substring(0, base.length() - args.get(1).length());
        }
        call.out(base + "\n");
        return 0;
    }

    static int dirname(Call call) {
        if (call.args().isEmpty()) {
            return call.usage("missing operand", 1);
        }
        String path = call.args().get(0).replaceAll("/+$", "");
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash).replaceAll("/+$", "");
        call.out((dir.isEmpty() ? "/" : dir) + "\n");
        return 0;
    }

    static int date(Call call) {
        var now = call.sh.now().atZone(ZoneOffset.UTC);
        String format = call.args().stream().filter(a -> a.startsWith("+")).findFirst().orElse(null);
        if (format == null) {
            call.out(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT).format(now) + "\n");
            return 0;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char f = format.charAt(++i);
            switch (f) {
                case 'Y': out.append(String.format("%04d", now.getYear())); break;
                case 'm': out.append(String.format("%02d", now.getMonthValue())); break;
                case 'd': out.append(String.format("%02d", now.getDayOfMonth())); break;
                case 'H': out.append(String.format("%02d", now.getHour())); break;
                case 'M': out.append(String.format("%02d", now.getMinute())); break;
                case 'S': out.append(String.format("%02d", now.getSecond())); break;
                case 's': out.append(now.toEpochSecond()); break;
                case 'N': out.append(String.format("%09d", now.getNano())); break;
                case 'F': out.append(now.toLocalDate()); break;
                case 'T': out.append(String.format("%02d:%02d:%02d", now.getHour(), now.getMinute(), now.getSecond()));
                    break;
                case '%': out.append('%'); break;
                default: out.append('%').append(f);
            }
        }
        call.out(out + "\n");
        return 0;
    }

    static int which(Call call) {
        int status = 0;
        for (String name : call.args()) {
            if (name.startsWith("-")) {
                continue;
            }
            String found = locate(call, name);
            if (found == null) {
                status = 1;
            } else {
                call.out(found + "\n");
            }
        }
        return status;
    }

    private static String locate(Call call, String name) {
        if (call.sh.stubs().find(call.sh.sandboxId(), name).isPresent()) {
            return "/usr/bin/" + name;
        }
        if (NAMES.contains(name) && !Set.of("cd", "export", "unset", "set", "exit", "source", ".", "read", "wait",
                ":", "command", "exec").contains(name)) {
            return (Set.of("bash", "sh", "ls", "cat", "echo", "mkdir", "rm", "mv", "cp", "touch", "pwd", "sleep",
                    "true", "false", "date", "uname", "hostname").contains(name) ? "/bin/" : "/usr/bin/") + name;
        }
        return null;
    }

    static Outcome command(Call call) {
        List<String> args = call.args();
        if (!args.isEmpty() && (args.get(0).equals("-v") || args.get(0).equals("-V"))) {
            int status = 0;
            for (String name : args.subList(1, args.size())) {
                String found = NAMES.contains(name) && locate(call, name) == null ? name : locate(call, name);
                if (found == null) {
                    status = 1;
                } else {
                    call.out(found + "\n");
                }
            }
            return Outcome.status(status);
        }
        return args.isEmpty() ? Outcome.status(0) : Outcome.run(args, call.assignments);
    }

    /** For {@code head} reading stdin as it arrives: how many lines it prints. */
    static int headLines(List<String> words) {
        Options options = Options.parse(words.subList(1, words.size()), "nc", "");
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

    static Comparator<String> byteOrder() {
        return (a, b) -> {
            byte[] x = a.getBytes(StandardCharsets.UTF_8);
            byte[] y = b.getBytes(StandardCharsets.UTF_8);
            return java.util.Arrays.compareUnsigned(x, y);
        };
    }

    static Pattern compile(String regex, int flags) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
