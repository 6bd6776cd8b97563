package dev.sandboxemulator.emulator.spi;

import java.util.Optional;

/**
 * How a process ended, as envd reports it.
 *
 * @param exitCode the exit code; for a signal, 128 + its number is not used: envd reports -1
 * @param exited true when it exited by itself, false when a signal ended it
 * @param status Go's {@code ProcessState.String()}: {@code "exit status 3"} or {@code "signal: killed"}
 * @param error set when the exit was not clean, with the same text as {@code status}
 */
public record ProcessExit(int exitCode, boolean exited, String status, Optional<String> error) {

    public static ProcessExit exitCode(int code) {
        String status = "exit status " + code;
        return new ProcessExit(code, true, status, code == 0 ? Optional.empty() : Optional.of(status));
    }

    public static ProcessExit signalled(ProcessSignal signal) {
        String status = "signal: " + (signal == ProcessSignal.SIGKILL ? "killed" : "terminated");
        return new ProcessExit(-1, false, status, Optional.of(status));
    }
}
