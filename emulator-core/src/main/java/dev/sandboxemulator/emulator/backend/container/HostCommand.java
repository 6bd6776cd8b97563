package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host tool (runc, podman) run to its end, bounded: past its time limit the CRIU processes of
 * the container it works on are killed first (so the tool itself fails and cleans up, thawing
 * what it froze), then the tool.
 */
final class HostCommand {
    private final List<String> command;
    private final Process process;
    private final CompletableFuture<String> output;
    private final long deadline;
    private final Duration limit;
    private final String containerId;

    private HostCommand(List<String> command, Process process, Duration limit, String containerId) {
        this.command = command;
        this.process = process;
        this.output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.containerId = containerId;
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
        return start(command, path, limit, containerId).map(HostCommand::await)
                .orElseGet(() -> new Result(-1, "cannot run " + command.get(0), false));
    }

    /** Starts {@code command}; empty when it cannot start at all. */
    static Optional<HostCommand> start(List<String> command, String path, Duration limit, String containerId) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        try {
            Process process = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            return Optional.of(new HostCommand(command, process, limit, containerId));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a process below the command runs an executable named {@code name} (such as its runc). */
    boolean hasDescendant(String name) {
        return process.descendants().anyMatch(p -> p.info().command().map(c -> c.endsWith("/" + name) || c.equals(name)).orElse(false));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the command's end, bounded by its limit. */
    Result await() {
        boolean timedOut = false;
        try {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                if (!killCriuUntilTheCommandEnds()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                CriuProcesses.removeOrphanedWorkFolders();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + ": interrupted", false);
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

    /** Kills the container's CRIU until the command ends (see {@link CriuProcesses#killUntilTheCallEnds}); returns whether it ended. */
    private boolean killCriuUntilTheCommandEnds() throws InterruptedException {
        return CriuProcesses.killUntilTheCallEnds(containerId, () -> {
            // A CRIU the command started itself (runc's) is below it: no listing by container needed.
            process.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/criu") || c.equals("criu")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            return process.waitFor(1, TimeUnit.SECONDS);
        }).callEnded();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
