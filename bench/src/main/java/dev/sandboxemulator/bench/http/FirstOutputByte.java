package dev.sandboxemulator.bench.http;

import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A streaming command's first output through the Java client: from calling
 * {@code commands().start(cmd, onStdout)} until the output callback first fires, on the client's
 * reader thread, with the command's first stdout bytes.
 */
final class FirstOutputByte {
    private final Sandbox sandbox;
    private final String command;

    FirstOutputByte(Sandbox sandbox, String command) {
        this.sandbox = sandbox;
        this.command = command;
    }

    /** {@code warmup} unmeasured commands, then {@code samples} measured ones; milliseconds. */
    List<Double> measure(int warmup, int samples) throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
            once();
        }
        List<Double> measured = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            measured.add(once());
        }
        return measured;
    }

    private double once() throws InterruptedException {
        CompletableFuture<Long> firstChunk = new CompletableFuture<>();
        RunOptions options = RunOptions.builder().onStdout(chunk -> firstChunk.complete(System.nanoTime())).build();
        long start = System.nanoTime();
        try (CommandHandle handle = sandbox.commands().start(command, options)) {
            long arrived = firstChunk.get(30, TimeUnit.SECONDS);
            // the command ends before the next one starts, so samples do not overlap
            handle.waitFor();
            return (arrived - start) / 1e6;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the output callback failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(command + " printed nothing within 30 s");
        }
    }
}
