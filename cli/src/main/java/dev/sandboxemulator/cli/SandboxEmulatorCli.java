package dev.sandboxemulator.cli;

import dev.sandboxemulator.cli.sandbox.SandboxCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The runnable jar's command line: {@code serve} runs the emulator, {@code sandbox ...} drives it
 * (or the real service) from a shell, with E2B's verbs and Novita's {@code clone}. With no
 * subcommand the jar serves, so {@code java -jar sandbox-emulator.jar --port 3000} starts an
 * emulator as it always did.
 */
@Command(name = "sandbox-emulator", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A local emulator of the Novita Sandbox service, and a command line for it (or for the real service).",
        subcommands = {ServeCommand.class, SandboxCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "With no command, serves: java -jar sandbox-emulator.jar --port 3000",
                "Exit codes: 0 success, 1 other failure, 2 bad arguments,",
                "  3 unknown sandbox or snapshot, 4 quota exceeded, 5 clone failed,",
                "  6 endpoint unreachable, 7 key refused."})
public final class SandboxEmulatorCli {
    /** What a top-level argument may be without meaning "serve". */
    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private final Map<String, String> environment;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "On failure, print the stack trace too.")
    boolean verbose;

    SandboxEmulatorCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment the commands read their settings from ({@code NOVITA_API_URL}, ...). */
    public Map<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        int exitCode = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv());
        if (!ServeCommand.stoppedByShutdown()) {
            // Not while the JVM shuts down (Ctrl-C ended serve): System.exit would then wait forever.
            System.exit(exitCode);
        }
    }

    /**
     * Runs one command line in this process, writing to {@code out} and {@code err}, with settings
     * from {@code environment}; returns the exit code.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        Objects.requireNonNull(args, "args");
        CommandLine commandLine = commandLine(new SandboxEmulatorCli(environment), out, err);
        int exitCode = commandLine.execute(withDefaultCommand(args));
        out.flush();
        err.flush();
        return exitCode;
    }

    static CommandLine commandLine(SandboxEmulatorCli root, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new Failures(root));
        commandLine.setParameterExceptionHandler(Failures::badArguments);
        commandLine.setExitCodeExceptionMapper(Failures::exitCodeOf);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Everything after exec's sandbox id is the command, its own options included.
        commandLine.getSubcommands().get("sandbox").getSubcommands().get("exec").setStopAtPositional(true);
        return commandLine;
    }

    /** {@code serve} when the line names no command: nothing, or options only ({@code --port 3000}). */
    private static String[] withDefaultCommand(String[] args) {
        int first = 0;
        while (first < args.length && args[first].equals("--verbose")) {
            first++;
        }
        if (first < args.length && (!args[first].startsWith("-") || OWN_OPTIONS.contains(args[first]))) {
            return args;
        }
        List<String> served = new ArrayList<>(List.of(args).subList(0, first));
        served.add("serve");
        served.addAll(List.of(args).subList(first, args.length));
        return served.toArray(String[]::new);
    }
}
