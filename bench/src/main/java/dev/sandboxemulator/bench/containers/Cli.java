package dev.sandboxemulator.bench.containers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command (docker, podman, criu) to completion and returns what it printed. Its PATH starts
 * with the folders {@code scripts/setup-docker.sh} puts its CRIU wrapper in, so that criu, and runc when
 * the podman command calls it, find the same CRIU the engines use.
 */
final class Cli {
    /** The daemons' PATH in scripts/setup-docker.sh, ahead of this process's own. */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            + (System.getenv("PATH") == null ? "" : ":" + System.getenv("PATH"));

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Cli() {
    }

    /** Runs {@code command}; its output (stdout and stderr), trimmed. Fails with that output unless it exits 0. */
    static String run(String... command) {
        return run(null, command);
    }

    /** The same, in {@code folder} (null: this process's). */
    static String run(Path folder, String... command) {
        Result result = tryRun(folder, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    /** Runs {@code command} and returns its exit code and output, whatever the code. */
    static Result tryRun(String... command) {
        return tryRun(null, command);
    }

    static Result tryRun(Path folder, String... command) {
        Path output = null;
        try {
            // output to a file, not a pipe: a command that hangs can then be timed out (a pipe read would block)
            output = Files.createTempFile("sandbox-emulator-bench-cli", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile());
            builder.environment().put("PATH", PATH);
            if (folder != null) {
                builder.directory(folder.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + TIMEOUT
                        + ": " + Files.readString(output).trim());
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a few bytes in the temp folder; nothing else depends on it
                }
            }
        }
    }

    /** Runs it, ignoring any failure: for cleanup, where what matters is trying every step. */
    static void quietly(String... command) {
        try {
            tryRun(command);
        } catch (RuntimeException e) {
            // cleanup goes on with the next step; the final inventory shows anything left
        }
    }

    /** The lines of a command's output, without blank ones. */
    static List<String> lines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    record Result(int exitCode, String output) {
    }
}
