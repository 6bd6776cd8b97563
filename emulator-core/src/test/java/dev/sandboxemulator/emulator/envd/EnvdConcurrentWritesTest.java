package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an SDK user does when they start many commands at once: 40 Process/Start calls in
 * parallel, each appending one line to one file, must leave all 40 lines, as O_APPEND on Linux
 * would; racing uploads of one file leave exactly one of them.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdConcurrentWritesTest {
    private static final int WRITERS = 40;
    private static final int ROUNDS = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
    private SandboxEmulator emulator;
    private EnvdHttp envd;

    @BeforeEach
    void createSandbox() {
        emulator = SandboxEmulator.builder().manualClock().start();
        envd = EnvdHttp.forNewSandbox(http, emulator);
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        emulator.close();
    }

    @Test
    void fortyParallelAppendingCommandsLeaveFortyIntactLines() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String file = "/home/user/log-" + round + ".txt";
            List<Runnable> commands = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String start = "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"echo line-" + i + " >> " + file
                        + "\"]},\"stdin\":false}";
                commands.add(() -> {
                    try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", start, 60_000)) {
                        stream.all();
                    }
                });
            }

            runAtOnce(commands);

            String content = new String(envd.get("/files?path=" + file, Map.of()).body(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(content.split("\n"));
            assertThat(lines).as("round %d", round).hasSize(WRITERS).doesNotHaveDuplicates()
                    .allMatch(line -> line.matches("line-\\d+"));
        }
    }

    @Test
    void parallelUploadsOfOneFileLeaveExactlyOneOfThem() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<String> contents = new ArrayList<>();
            List<Runnable> uploads = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String content = ("upload-" + i + "\n").repeat(1 + i % 5);
                contents.add(content);
                uploads.add(() -> assertThat(envd.post("/files?path=/home/user/up.txt", "application/octet-stream",
                        content.getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(200));
            }

            runAtOnce(uploads);

            assertThat(new String(envd.get("/files?path=/home/user/up.txt", Map.of()).body(), StandardCharsets.UTF_8))
                    .isIn(contents);
        }
    }

    private void runAtOnce(List<Runnable> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            futures.add(threads.submit(() -> {
                start.await();
                task.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
    }
}
