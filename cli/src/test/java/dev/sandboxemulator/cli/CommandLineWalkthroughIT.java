package dev.sandboxemulator.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's command-line walkthrough, with the built jar as a person runs it: one jar serves,
 * the same jar (a new JVM per command, settings in the environment) creates a sandbox, writes a
 * file, clones it ({@code -c 3 -s true -t 60}), lists, execs into a copy, is refused a strict clone
 * over the quota without leaving a copy, and kills them all.
 */
class CommandLineWalkthroughIT {
    private StandaloneJar emulator;

    @AfterEach
    void stop() throws InterruptedException {
        if (emulator != null) {
            emulator.stopWithSigterm();
        }
    }

    /** What one run of the jar printed, and its exit code. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run sandbox(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", StandaloneJar.JAR.toString(), "sandbox"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.put("NOVITA_API_URL", emulator.apiUrl());
        env.put("NOVITA_SANDBOX_URL", emulator.urls().get("NOVITA_SANDBOX_URL"));
        env.put("NOVITA_API_KEY", "anything");
        Process process = builder.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sandbox " + String.join(" ", args) + " ended").isTrue();
        return new Run(process.exitValue(), stdout, stderr.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theReadmesWalkthroughWorksWithTheJar(@TempDir Path shell) throws Exception {
        emulator = StandaloneJar.start("--port", "0", "--quota", "10");

        Run created = sandbox(shell, "create", "base", "--timeout", "600");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = created.stdout().strip();

        Files.writeString(shell.resolve("state.txt"), "written before the clone\n");
        Run put = sandbox(shell, "files", "put", id, "state.txt", "state.txt");
        assertThat(put.stdout()).as(put.toString()).isEqualTo("Wrote 25 bytes to /home/user/state.txt\n");

        Run cloned = sandbox(shell, "clone", id, "-c", "3", "-s", "true", "-t", "60");
        assertThat(cloned.exitCode()).as(cloned.toString()).isZero();
        List<String> copies = cloned.stdout().lines().toList();
        assertThat(copies).hasSize(3).doesNotContain(id);

        Run listed = sandbox(shell, "list");
        assertThat(listed.stdout()).contains(id).contains(copies);

        Run read = sandbox(shell, "exec", copies.get(0), "cat", "state.txt");
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(read.stdout()).isEqualTo("written before the clone\n");

        Run overQuota = sandbox(shell, "clone", id, "-c", "500", "-s", "true");
        assertThat(overQuota.exitCode()).isEqualTo(ExitCodes.QUOTA_EXCEEDED);
        assertThat(overQuota.stderr().lines().filter(line -> line.startsWith("sandbox-emulator: "))).hasSize(1);
        assertThat(overQuota.stderr()).doesNotContain("\tat ");
        assertThat(sandbox(shell, "list", "-f", "json").stdout().split("\"sandboxId\"", -1)).hasSize(5);

        Run killed = sandbox(shell, "kill", "--all");
        assertThat(killed.stdout().lines()).hasSize(4);
        assertThat(sandbox(shell, "list").stdout()).isEqualTo("No sandboxes found\n");
    }
}
