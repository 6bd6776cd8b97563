package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data-plane calls that race the sandbox's kill either succeed (they came first) or find the
 * sandbox gone, with the Connect {@code unavailable} the SDK reads as "not running": never a
 * 500, never a control-plane error body.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdRacingKillTest {
    private static final int ROUNDS = 40;
    private static final int CALLERS = 6;

    private final SandboxEmulator emulator = SandboxEmulator.builder().start();
    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS + 1);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        emulator.close();
    }

    @Test
    void callsRacingAKillAnswerSuccessOrUnavailable() throws Exception {
        // One client for the whole test, as an SDK has: a client per round would leave hundreds of
        // idle connections, which the JDK's server starts closing under the client's feet.
        HttpClient http = HttpClient.newHttpClient();
        EnvdHttp api = new EnvdHttp(http, emulator.apiUrl(), null, null).header("X-API-KEY", "k");
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < ROUNDS; round++) {
            EnvdHttp envd = EnvdHttp.forNewSandbox(http, emulator);
            String sandboxId = envd.sandboxId();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                int which = caller;
                calls.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 3; i++) {
                        check(envd, which % 3, wrong);
                    }
                    return null;
                }));
            }
            calls.add(pool.submit(() -> {
                go.await();
                api.delete("/sandboxes/" + sandboxId);
                return null;
            }));
            go.countDown();
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(wrong).as("answers other than success or unavailable").isEmpty();
    }

    private static void check(EnvdHttp envd, int kind, ConcurrentLinkedQueue<String> wrong) {
        Set<String> allowed = Set.of("unavailable");
        if (kind == 0) {
            try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                    "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-c\",\"echo hi\"]},\"stdin\":false}", 30_000)) {
                if (stream.status() != 200) {
                    wrong.add("Start answered HTTP " + stream.status());
                    return;
                }
                for (EnvdHttp.Envelope envelope : stream.all()) {
                    String code = envelope.message().at("/error/code").asText("");
                    if (envelope.isEndStream() && !code.isEmpty() && !allowed.contains(code)) {
                        wrong.add("Start ended with " + envelope.message());
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                wrong.add("Start: " + e);
            }
            return;
        }
        String procedure = kind == 1 ? "process.Process/List" : "filesystem.Filesystem/ListDir";
        String body = kind == 1 ? "{}" : "{\"path\":\"/home/user\"}";
        EnvdHttp.Reply reply = envd.unary(procedure, body);
        if (reply.status() == 200) {
            return;
        }
        if (reply.status() != 502 || !allowed.contains(reply.json().path("code").asText())) {
            wrong.add(procedure + " answered " + reply);
        }
    }
}
