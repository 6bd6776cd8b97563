package dev.sandboxemulator.emulator.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A process to start in a sandbox, already resolved by the data plane.
 *
 * @param cmd the program, such as {@code /bin/bash}
 * @param args its arguments, such as {@code ["-l", "-c", "echo hi"]}
 * @param envs the complete environment (PATH, HOME, USER, LOGNAME, the sandbox's env vars, then the request's)
 * @param cwd the absolute working directory, which exists
 * @param user the user it runs as ({@code user} or {@code root})
 * @param stdin whether it has a standard input to write to (else it reads /dev/null)
 * @param tag an optional tag that selects it, as an alternative to its pid
 * @param timeout its lifetime, after which it is killed; empty for none
 */
public record ProcessSpec(String cmd, List<String> args, Map<String, String> envs, String cwd, String user, boolean stdin,
                          Optional<String> tag, Optional<Duration> timeout) {
    public ProcessSpec {
        Objects.requireNonNull(cmd, "cmd");
        args = List.copyOf(args);
        envs = Map.copyOf(envs);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(timeout, "timeout");
    }
}
