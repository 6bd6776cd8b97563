package dev.sandboxemulator.client;

import java.util.Objects;
import java.util.Optional;

/**
 * How a command ended. Instances are immutable.
 *
 * @param exitCode the exit code; negative or envd-defined when the process was killed by a signal
 * @param stdout everything the command wrote to standard output, decoded as UTF-8
 * @param stderr everything the command wrote to standard error, decoded as UTF-8
 * @param error envd's description of a failed exit, such as {@code "exit status 3"}
 */
public record CommandResult(int exitCode, String stdout, String stderr, Optional<String> error) {
    /** Checks for nulls. */
    public CommandResult {
        Objects.requireNonNull(stdout, "stdout == null");
        Objects.requireNonNull(stderr, "stderr == null");
        Objects.requireNonNull(error, "error == null");
    }
}
