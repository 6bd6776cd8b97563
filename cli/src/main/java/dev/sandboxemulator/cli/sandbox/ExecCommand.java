package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.CommandExitException;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code sandbox exec ID COMMAND...}: runs a command in the sandbox, streams its stdout and stderr
 * as they come, and exits with its exit code. Everything after the id is the command, so the
 * command's own options are not taken for ours.
 */
@Command(name = "exec", aliases = "ex", mixinStandardHelpOptions = true,
        description = "Execute a command in a running sandbox; exits with the command's exit code.",
        footer = {"Everything after the sandbox ID is the command, so options of exec come before the ID:",
                "  sandbox exec -u root <sandboxID> ls -la /root",
                "One argument is a shell line as it stands ('echo hi > f'); several are quoted word by word."})
final class ExecCommand implements Callable<Integer> {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "sandboxID")
    String sandboxId;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "command")
    List<String> command = new ArrayList<>();

    @Option(names = {"-b", "--background"}, description = "Start it and return at once, printing its pid.")
    boolean background;

    @Option(names = {"-c", "--cwd"}, paramLabel = "DIR", description = "Working directory (default: the user's home).")
    String cwd;

    @Option(names = {"-u", "--user"}, description = "Run as this user: user (default) or root.")
    String user;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "An environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the command after this long (default: none; 0 is none).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 0) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--timeout must not be negative, was " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunOptions.Builder options = RunOptions.builder().envs(Sandboxes.pairs(env, "--env"))
                .timeout(Duration.ofSeconds(timeoutSeconds));
        if (cwd != null) {
            options.cwd(cwd);
        }
        if (user != null) {
            options.user(user);
        }
        Sandbox sandbox = Sandboxes.reach(connection.client(), sandboxId);
        String line = shellLine(command);
        if (background) {
            CommandHandle handle = sandbox.commands().start(line, options.build());
            out.println(handle.pid());
            out.flush();
            handle.disconnect();
            return ExitCodes.OK;
        }
        options.onStdout(chunk -> {
            out.print(chunk);
            out.flush();
        }).onStderr(chunk -> {
            err.print(chunk);
            err.flush();
        });
        CommandResult result = run(sandbox, line, options.build());
        // envd reports a plain non-zero exit as the error "exit status N": the exit code says that already.
        result.error().filter(error -> !error.equals("exit status " + result.exitCode())).ifPresent(error -> {
            err.println(error);
            err.flush();
        });
        return result.exitCode();
    }

    private static CommandResult run(Sandbox sandbox, String line, RunOptions options) {
        try {
            return sandbox.commands().run(line, options);
        } catch (CommandExitException exit) {
            return exit.result();
        }
    }

    /** One word: the line itself. Several: each quoted for the shell where it needs it, as a shell would pass them. */
    static String shellLine(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return words.stream().map(word -> SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
