package dev.sandboxemulator.emulator.backend.simulated;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes and uploads writing one file at the same time, as a client that starts many commands
 * at once does: the file must end as Linux would leave it, with open(2) semantics for the shell's
 * redirections ({@code >>} appends each write atomically; {@code >} truncates once, at open).
 */
class ConcurrentFileWritesTest {
    private static final int ROUNDS = 5;
    private static final int WRITERS = 40;
    private static final String FILE = "/home/user/log.txt";

    private final ShellHarness harness = new ShellHarness();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        harness.close();
    }

    @Test
    void parallelAppendsKeepEveryLineIntact() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            harness.fs().remove(FILE);
            List<Callable<Object>> appends = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String script = "echo line-" + i + " >> " + FILE;
                appends.add(() -> harness.run(script));
            }
            AtomicBoolean storming = new AtomicBoolean(true);
            AtomicReference<String> brokenLine = new AtomicReference<>();
            Future<?> watcher = threads.submit(() -> {
                while (storming.get()) {
                    if (harness.fs().stat(FILE).isPresent()) {
                        for (String line : harness.read(FILE).split("\n", -1)) {
                            if (!line.isEmpty() && !line.matches("line-\\d+")) {
                                brokenLine.set(line);
                            }
                        }
                    }
                }
            });

            runAtOnce(appends);
            storming.set(false);
            watcher.get();

            List<String> lines = Arrays.asList(harness.read(FILE).split("\n"));
            assertThat(lines).as("round %d", round).hasSize(WRITERS);
            assertThat(lines).allMatch(line -> line.matches("line-\\d+"));
            assertThat(lines).doesNotHaveDuplicates();
            assertThat(brokenLine.get()).as("a torn line seen while the appends ran").isNull();
        }
    }

    @Test
    void parallelUploadsLeaveExactlyOneOfTheWrittenContents() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<String> contents = new ArrayList<>();
            List<Callable<Object>> uploads = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String content = ("upload-" + i + "\n").repeat(1 + i % 7);
                contents.add(content);
                uploads.add(() -> harness.fs().write(FILE, content.getBytes(StandardCharsets.UTF_8)));
            }

            runAtOnce(uploads);

            assertThat(harness.read(FILE)).isIn(contents);
        }
    }

    @Test
    void aTruncatingRedirectionRacingUploadsIsNeverLongerThanTheLongestWrite() throws Exception {
        String upload = "U".repeat(10);
        // Three writes through one description opened with O_TRUNC: 3 + 3 + 3 bytes at offsets 0, 3, 6.
        String chunked = "{ printf AAA; printf BBB; printf CCC; } > " + FILE;
        int longest = Math.max(upload.length(), 9);
        for (int round = 0; round < ROUNDS; round++) {
            List<Callable<Object>> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                if (i % 2 == 0) {
                    writers.add(() -> harness.run(chunked));
                } else {
                    writers.add(() -> harness.fs().write(FILE, upload.getBytes(StandardCharsets.UTF_8)));
                }
            }
            AtomicBoolean storming = new AtomicBoolean(true);
            AtomicReference<String> tooLong = new AtomicReference<>();
            Future<?> watcher = threads.submit(() -> {
                while (storming.get()) {
                    String now = harness.fs().stat(FILE).isPresent() ? harness.read(FILE) : "";
                    if (now.length() > longest) {
                        tooLong.set(now);
                    }
                }
            });

            runAtOnce(writers);
            storming.set(false);
            watcher.get();

            assertThat(harness.read(FILE).length()).as("round %d", round).isLessThanOrEqualTo(longest);
            assertThat(tooLong.get()).as("a content seen while the writes ran").isNull();
        }
    }

    @Test
    void aTruncatingRedirectionWritesEachChunkAtItsOwnOffset() {
        harness.write(FILE, "0123456789");

        harness.run("{ printf ab; printf cd; } > " + FILE);

        assertThat(harness.read(FILE)).isEqualTo("abcd");
    }

    @Test
    void aTruncatingRedirectionOverwritesWhatAnUploadWroteAfterTheOpenInsteadOfAppendingToIt() {
        // The upload lands between the first and the second write of the command: the second goes at
        // offset 2, over the upload, as pwrite would put it, and the file is no longer than the upload.
        harness.write(FILE, "old");
        harness.start("{ printf ab; sleep 1; printf cd; } > " + FILE);
        assertThat(harness.read(FILE)).isEqualTo("ab");
        harness.write(FILE, "UPLOADED!!");

        harness.advance(java.time.Duration.ofSeconds(2));

        assertThat(harness.read(FILE)).isEqualTo("UPcdADED!!");
    }

    @Test
    void anAppendingRedirectionAppendsEachChunkAtTheCurrentEnd() {
        harness.write(FILE, "start\n");
        harness.start("{ echo one; sleep 1; echo two; } >> " + FILE);
        harness.write(FILE, "replaced\n");

        harness.advance(java.time.Duration.ofSeconds(2));

        assertThat(harness.read(FILE)).isEqualTo("replaced\ntwo\n");
    }

    @Test
    void teeAppendsAtomicallyUnderParallelWriters() throws Exception {
        harness.fs().remove(FILE);
        List<Callable<Object>> appends = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String script = "echo tee-" + i + " | tee -a " + FILE + " > /dev/null";
            appends.add(() -> harness.run(script));
        }

        runAtOnce(appends);

        assertThat(harness.read(FILE).split("\n")).hasSize(WRITERS).allMatch(line -> line.matches("tee-\\d+"));
    }

    /** Starts every task at the same moment, from a pool of threads, and waits for all of them. */
    private void runAtOnce(List<Callable<Object>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        for (Future<Object> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
    }
}
