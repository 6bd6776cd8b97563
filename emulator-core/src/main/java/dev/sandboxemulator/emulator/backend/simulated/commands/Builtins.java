package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;
import dev.sandboxemulator.emulator.backend.simulated.shell.Ast;
import dev.sandboxemulator.emulator.backend.simulated.shell.CommandStreams;
import dev.sandboxemulator.emulator.backend.simulated.shell.Job;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commands the simulated shell knows, on the sandbox's filesystem: the registry that declares each
 * one, and how an invocation ({@link Call}) runs and reports back ({@link Outcome}). The commands
 * themselves live by family ({@link FileCommands}, {@link TextCommands}, {@link OutputCommands},
 * {@link ShellCommands}, {@link SystemCommands}, {@link TestCommand}, {@link LsCommand}). Each behaves like
 * its coreutils or bash namesake for the common flags and prints the same error messages (C locale);
 * {@code docs/simulated-shell.md} lists what each one supports.
 */
public final class Builtins {
    private Builtins() {
    }

    /**
     * Every builtin, each declared once. The shell's view of the names ({@link #NAMES}), of how each reads stdin
     * ({@link #stdinMode}), of what each does ({@link #run}) and of where {@code which} finds it all come from
     * here, so they cannot disagree; {@code docs/simulated-shell.md} must list the same names (a test checks it).
     */
    static final Map<String, Command> COMMANDS = index(List.of(
            Command.of("echo", Command.status(OutputCommands::echo)).inBin(),
            Command.of("printf", Command.status(OutputCommands::printf)),
            Command.reading("cat", Builtins::catStdin, Command.status(OutputCommands::cat)).inBin(),
            Command.of("ls", Command.status(LsCommand::ls)).inBin(),
            Command.of("mkdir", Command.status(FileCommands::mkdir)).inBin(),
            Command.of("rm", Command.status(FileCommands::rm)).inBin(),
            Command.of("rmdir", Command.status(FileCommands::rmdir)),
            Command.of("mv", Command.status(FileCommands::mv)).inBin(),
            Command.of("cp", Command.status(FileCommands::cp)).inBin(),
            Command.of("touch", Command.status(FileCommands::touch)).inBin(),
            Command.of("pwd", Command.status(ShellCommands::pwd)).inBin(),
            Command.of("cd", Command.status(ShellCommands::cd)).builtIntoTheShell(),
            Command.of("env", ShellCommands::env),
            Command.of("export", Command.status(ShellCommands::export)).builtIntoTheShell(),
            Command.of("unset", Command.status(ShellCommands::unset)).builtIntoTheShell(),
            Command.of("sleep", ShellCommands::sleep).inBin(),
            Command.of("true", call -> Outcome.status(0)).inBin(),
            Command.of(":", call -> Outcome.status(0)).builtIntoTheShell(),
            Command.of("false", call -> Outcome.status(1)).inBin(),
            Command.of("exit", ShellCommands::exit).builtIntoTheShell(),
            Command.of("test", Command.status(call -> TestCommand.test(call, call.args()))),
            Command.of("[", Command.status(TestCommand::bracket)),
            Command.reading("head", Builtins::headStdin, Command.status(TextCommands::head)),
            Command.reading("tail", args -> allWithoutOperands(args, "nc"), Command.status(TextCommands::tail)),
            Command.reading("wc", args -> allWithoutOperands(args, ""), Command.status(TextCommands::wc)),
            Command.reading("grep", Builtins::grepStdin, Command.status(TextCommands::grep)),
            Command.reading("sort", args -> allWithoutOperands(args, ""), Command.status(TextCommands::sort)),
            Command.reading("uniq", args -> allWithoutOperands(args, ""), Command.status(TextCommands::uniq)),
            Command.reading("tee", args -> Command.StdinMode.ALL, Command.status(TextCommands::tee)),
            Command.of("seq", Command.status(TextCommands::seq)),
            Command.reading("read", args -> Command.StdinMode.LINE, Command.status(ShellCommands::read))
                    .builtIntoTheShell(),
            Command.of("wait", call -> Outcome.waitForJobs()).builtIntoTheShell(),
            Command.reading("bash", Builtins::shellStdin, ShellCommands::bash).inBin(),
            Command.reading("sh", Builtins::shellStdin, ShellCommands::bash).inBin(),
            Command.of("source", ShellCommands::source).builtIntoTheShell(),
            Command.of(".", ShellCommands::source).builtIntoTheShell(),
            Command.of("set", Command.status(ShellCommands::set)).builtIntoTheShell(),
            Command.of("whoami", Command.status(SystemCommands::whoami)),
            Command.of("id", Command.status(SystemCommands::id)),
            Command.of("hostname", Command.status(SystemCommands::hostname)).inBin(),
            Command.of("uname", Command.status(SystemCommands::uname)).inBin(),
            Command.of("basename", Command.status(SystemCommands::basename)),
            Command.of("dirname", Command.status(SystemCommands::dirname)),
            Command.of("date", Command.status(SystemCommands::date)).inBin(),
            Command.of("which", Command.status(SystemCommands::which)),
            Command.of("command", SystemCommands::command).builtIntoTheShell(),
            Command.of("exec", ShellCommands::runArguments).builtIntoTheShell(),
            Command.of("nohup", ShellCommands::runArguments),
            Command.of("yes", Command.status(SystemCommands::yes))));

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
    public static String canonicalName(String word) {
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
    public static Command.StdinMode stdinMode(List<String> words) {
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
        GnuOptions options = GnuOptions.parse(args, "nc", "");
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
        GnuOptions options = GnuOptions.parse(args, "em", "");
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
        return GnuOptions.parse(args, withValue, "").operands;
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
    public static final class Outcome {
        public enum Kind { STATUS, EXIT, SLEEP, WAIT, SCRIPT, RUN }

        public final Kind kind;
        public final int status;
        public final Duration duration;
        public final Ast.CommandList script;
        public final Map<String, String> exports;
        public final List<String> words;
        /** For {@link Kind#SCRIPT}: run in the current shell ({@code source}) instead of a subshell. */
        public final boolean currentShell;

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
    public static final class Call {
        final Syscalls sys;
        final Job job;
        final CommandStreams io;
        final List<String> words;
        final Map<String, String> assignments;
        final byte[] stdin;

        public Call(Syscalls sys, Job job, CommandStreams io, List<String> words, Map<String, String> assignments, byte[] stdin) {
            this.sys = sys;
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
            sys.write(job, io.stdout(), text);
        }

        void out(byte[] data) {
            sys.write(job, io.stdout(), data);
        }

        void err(String text) {
            sys.write(job, io.stderr(), text);
        }

        String path(String path) {
            return sys.resolve(job, path);
        }

        Optional<FileEntry> stat(String path) {
            try {
                return sys.fs().stat(path(path));
            } catch (FileSystemException e) {
                return Optional.empty();
            }
        }

        boolean isDirectory(String path) {
            return stat(path).map(e -> e.type() == FileEntry.Type.DIRECTORY).orElse(false);
        }

        byte[] read(String path) {
            return sys.fs().read(path(path));
        }

        /** Prints GNU's "invalid option" message and returns {@code status}. */
        int usage(String problem, int status) {
            err(name() + ": " + problem + "\nTry '" + name() + " --help' for more information.\n");
            return status;
        }
    }

    public static Outcome run(Call call) {
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

    /** The C locale's order, by unsigned bytes, in which {@code ls} and {@code sort} list names and lines. */
    static Comparator<String> byteOrder() {
        return (a, b) -> {
            byte[] x = a.getBytes(StandardCharsets.UTF_8);
            byte[] y = b.getBytes(StandardCharsets.UTF_8);
            return java.util.Arrays.compareUnsigned(x, y);
        };
    }
}
