package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host tool (runc, podman) run to its end, bounded: past its time limit the CRIU processes of
 * the container it works on are killed first (so the tool itself fails and cleans up, thawing
 * what it froze), then the tool.
 */
final class HostCommand {
    private HostCommand() {
    }

    /** How a command ended. */
    record Result(int exitCode, String output, boolean timedOut) {
        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** What the tool said, trimmed to its telling end. */
        String said() {
            String text = output.strip();
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        }
    }

    /** Runs {@code command} with {@code path} as its PATH; {@code containerId} names whose CRIU to kill when it hangs. */
    static Result run(List<String> command, String path, Duration limit, String containerId) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process;
        try {
            process = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage(), false);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean timedOut = false;
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                CriuProcesses.killFor(containerId);
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted", false);
        }
        String said = output.getNow("");
        try {
            said = output.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // keep what there is
        }
        if (timedOut) {
            said = "did not finish within " + limit.toSeconds() + " s; its CRIU processes were killed\n" + said;
        }
        return new Result(process.isAlive() ? -1 : process.exitValue(), said, timedOut);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
