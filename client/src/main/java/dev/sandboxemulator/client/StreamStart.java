package dev.sandboxemulator.client;

import dev.sandboxemulator.client.internal.ErrorMapper;
import dev.sandboxemulator.client.internal.RpcError;
import dev.sandboxemulator.client.internal.ServerStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the stream-reading handles share: waiting for the first event, and turning read failures into exceptions. */
final class StreamStart {
    private StreamStart() {}

    /**
     * Waits until {@code started} completes, at most {@code timeout} (zero: without limit). On a timeout or interrupt
     * the stream is closed.
     *
     * @throws SandboxTimeoutException if the first event did not arrive in time
     * @throws SandboxException the failure the reader thread completed {@code started} with
     */
    static <T> T await(CompletableFuture<T> started, ServerStream stream, Duration timeout) {
        try {
            return timeout.isZero() ? started.get() : started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stream.close();
            throw new SandboxTimeoutException(
                    "No start event from "
                            + stream.procedure()
                            + " within "
                            + timeout.toMillis()
                            + " ms (raise the requestTimeout if needed)");
        } catch (InterruptedException e) {
            stream.close();
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting for " + stream.procedure(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SandboxException) {
                throw (SandboxException) cause;
            }
            throw new SandboxException("Failed to start " + stream.procedure(), cause);
        }
    }

    /**
     * Returns the exception for a failed read.
     *
     * @param beforeStart whether the failure came before the first event, where {@code unavailable} means the sandbox
     *     is gone
     * @param fileScoped whether the stream is a filesystem RPC
     */
    static SandboxException failure(Exception failure, ServerStream stream, boolean beforeStart, boolean fileScoped) {
        if (failure instanceof RpcError.Failure) {
            RpcError error = ((RpcError.Failure) failure).error();
            if (beforeStart && error.is("unavailable")) {
                return new SandboxNotFoundException(
                        "Sandbox is probably not running anymore: " + error.message(), error.httpStatus());
            }
            return error.toException(fileScoped);
        }
        if (failure instanceof IOException) {
            return ErrorMapper.fromTransport((IOException) failure, "POST", stream.procedure());
        }
        if (failure instanceof InterruptedException) {
            return new SandboxException("Interrupted while reading " + stream.procedure(), failure);
        }
        if (failure instanceof SandboxException) {
            return (SandboxException) failure;
        }
        return new SandboxException("Failed while reading " + stream.procedure() + ": " + failure, failure);
    }
}
