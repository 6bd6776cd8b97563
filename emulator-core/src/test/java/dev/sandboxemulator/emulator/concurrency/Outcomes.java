package dev.sandboxemulator.emulator.concurrency;

import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxTimeoutException;

import java.util.function.Supplier;

/**
 * Names what a control-plane call answered, so that racing threads can record answers as plain words
 * ({@code "404"}, {@code "429"}, ...) and a test can check them against the documented ones. A status
 * that no test expects is named with its message, which then appears in the failure.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** The call's answer as {@code describe} names it, or the status it failed with. */
    static <T> String of(Supplier<T> call, java.util.function.Function<T, String> describe) {
        try {
            return describe.apply(call.get());
        } catch (SandboxNotFoundException e) {
            return "404";
        } catch (RateLimitException e) {
            return "429";
        } catch (SandboxTimeoutException e) {
            // The data plane's answer for a sandbox that is not running (502, or a Connect "unavailable").
            return "unavailable";
        } catch (SandboxException e) {
            if (e.statusCode() == 429 || e.getMessage().startsWith("resource_exhausted")) {
                // The data plane's refusal to wake a sandbox over the quota (an HTTP 429 or a Connect code).
                return "429";
            }
            return e.statusCode() + " " + e.getMessage();
        }
    }
}
