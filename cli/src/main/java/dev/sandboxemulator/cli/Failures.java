package dev.sandboxemulator.cli;

import dev.sandboxemulator.client.AuthenticationException;
import dev.sandboxemulator.client.NotFoundException;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.SandboxConnectionException;
import dev.sandboxemulator.client.SandboxException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * How a failed command ends: one line on stderr that says what went wrong (the stack trace too with
 * {@code --verbose}), and the {@linkplain ExitCodes exit code} of its cause.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final SandboxEmulatorCli root;

    Failures(SandboxEmulatorCli root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().root().name() + ": " + oneLine(failure));
        if (root.verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(failure);
    }

    /** Bad arguments: the reason, and where to read the usage (not the whole usage: it would bury the reason). */
    static int badArguments(ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().root().name() + ": " + failure.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_ARGUMENTS;
    }

    static int exitCodeOf(Throwable failure) {
        if (failure instanceof CommandFailure) {
            return ((CommandFailure) failure).exitCode();
        }
        if (failure instanceof NotFoundException) {
            return ExitCodes.NOT_FOUND;
        }
        if (failure instanceof RateLimitException) {
            return ExitCodes.QUOTA_EXCEEDED;
        }
        if (failure instanceof SandboxConnectionException) {
            return ExitCodes.UNREACHABLE;
        }
        if (failure instanceof AuthenticationException) {
            return ExitCodes.UNAUTHORIZED;
        }
        if (failure instanceof ParameterException || failure instanceof IllegalArgumentException) {
            return ExitCodes.BAD_ARGUMENTS;
        }
        return ExitCodes.FAILURE;
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        if (failure instanceof SandboxConnectionException) {
            message = message + " (is the emulator running? `serve` prints the URLs to use)";
        }
        if (failure instanceof SandboxException) {
            int status = ((SandboxException) failure).statusCode();
            if (status != SandboxException.NO_STATUS && !message.contains(Integer.toString(status))) {
                message = message + " (HTTP " + status + ")";
            }
        }
        return message.replace('\n', ' ').strip();
    }
}
