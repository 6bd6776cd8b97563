package dev.sandboxemulator.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A process running in a sandbox, as {@link Commands#list()} reports it. Instances are immutable.
 *
 * @param pid the process ID
 * @param tag the tag it was started with, if any
 * @param cmd the executable, {@code /bin/bash} for commands
 * @param args the arguments, such as {@code ["-l", "-c", "<command>"]}
 * @param envs the environment variables it was started with (not the sandbox's)
 * @param cwd the working directory it was started with, if one was given
 */
public record ProcessInfo(
        int pid, Optional<String> tag, String cmd, List<String> args, Map<String, String> envs, Optional<String> cwd) {

    /** Checks for nulls and makes immutable copies. */
    public ProcessInfo {
        Objects.requireNonNull(tag, "tag == null");
        Objects.requireNonNull(cmd, "cmd == null");
        args = List.copyOf(Objects.requireNonNull(args, "args == null"));
        envs = Checks.copyOf(envs, "envs");
        Objects.requireNonNull(cwd, "cwd == null");
    }
}
