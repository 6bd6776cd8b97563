package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paths as deep as Linux allows work, and deeper ones are refused as Linux refuses them
 * (ENAMETOOLONG), without a walk whose depth the client chooses ever using the thread's stack.
 */
class DeepPathsTest {
    /** Far less than a server thread has: a walk that recursed per level would overflow it. */
    private static final long SMALL_STACK = 96 * 1024;
    /** 2,047 one-letter directories and a one-letter file: exactly PATH_MAX bytes. */
    private static final String DEEPEST_DIR = "/a".repeat(2047);
    private static final String DEEPEST_FILE = DEEPEST_DIR + "/f";

    private final ManualClock clock = ManualClock.create();
    private final CowFileSystem fs = CowFileSystem.withDefaultLayout(clock);

    @Test
    void theDeepestLegalPathIsExactlyPathMaxBytes() {
        assertThat(DEEPEST_FILE.getBytes(StandardCharsets.UTF_8)).hasSize(SandboxPaths.PATH_MAX);
        assertThat(SandboxPaths.split(DEEPEST_FILE)).hasSize(2048);
    }

    @Test
    void aTreeAsDeepAsPathMaxAllowsWorksOnASmallStack() throws Throwable {
        onSmallStack(() -> {
            assertThat(fs.makeDirectories(DEEPEST_DIR)).isTrue();
            fs.write(DEEPEST_FILE, "deep".getBytes(StandardCharsets.UTF_8));

            assertThat(fs.stat(DEEPEST_FILE)).hasValueSatisfying(e -> assertThat(e.size()).isEqualTo(4));
            List<FileEntry> all = fs.list("/a", Integer.MAX_VALUE);
            assertThat(all).hasSize(2047);
            assertThat(all.get(all.size() - 1).path()).isEqualTo(DEEPEST_FILE);
            assertThat(fs.totalBytes()).isEqualTo(4);

            CowFileSystem fork = fs.fork();
            fork.write(DEEPEST_FILE, "fork".getBytes(StandardCharsets.UTF_8));
            fork.move("/a", "/b");
            assertThat(new String(fs.read(DEEPEST_FILE), StandardCharsets.UTF_8)).isEqualTo("deep");

            assertThat(fs.remove("/a")).isTrue();
            assertThat(fs.stat("/a")).isEmpty();
            assertThat(fork.stat("/b" + DEEPEST_FILE.substring(2))).isPresent();
        });
    }

    @Test
    void theShellWorksInADeepTreeOnASmallStack() throws Throwable {
        try (ShellHarness harness = new ShellHarness()) {
            String deepest = "/home/user" + "/a".repeat(2000);
            onSmallStack(() -> {
                ShellHarness.Run run = harness.run("mkdir -p " + deepest + " && echo x > " + deepest + "/f"
                        + " && cp -r /home/user/a /tmp/copy && ls /tmp/copy > /dev/null && rm -r /home/user/a"
                        + " && echo done");
                assertThat(run.stdout()).isEqualTo("done\n");
                assertThat(harness.fs().stat("/tmp/copy" + "/a".repeat(1999) + "/f")).isPresent();
            });
        }
    }

    @Test
    void aPathLongerThanPathMaxIsRefusedAsNameTooLongBeforeAnythingIsMade() {
        String hundredThousandLevels = "/a".repeat(100_000);

        assertThatThrownBy(() -> fs.makeDirectories(hundredThousandLevels))
                .isInstanceOfSatisfying(FileSystemException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG))
                .hasMessageStartingWith("File name too long (ENAMETOOLONG)");
        assertThat(fs.stat("/a")).isEmpty();
        assertThatThrownBy(() -> fs.write(DEEPEST_FILE + "x", new byte[1]))
                .isInstanceOfSatisfying(FileSystemException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG));
    }

    @Test
    void aNameLongerThanNameMaxBytesIsRefusedCountingUtf8Bytes() {
        String longest = "n".repeat(255);
        fs.write("/tmp/" + longest, new byte[0]);

        assertThat(fs.stat("/tmp/" + longest)).isPresent();
        assertThatThrownBy(() -> fs.write("/tmp/" + longest + "n", new byte[0]))
                .isInstanceOfSatisfying(FileSystemException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG));
        // 128 two-byte characters: 256 bytes, though only 128 chars.
        assertThatThrownBy(() -> fs.makeDirectories("/tmp/" + "é".repeat(128)))
                .isInstanceOfSatisfying(FileSystemException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG));
    }

    @Test
    void aRedirectionToAPathLongerThanPathMaxFailsAsBashDoes() {
        try (ShellHarness harness = new ShellHarness()) {
            ShellHarness.Run run = harness.run("echo x > " + "/a".repeat(3000) + "; echo $?");

            assertThat(run.stderr()).endsWith(": File name too long\n");
            assertThat(run.stdout()).isEqualTo("1\n");
        }
    }

    /** Runs {@code body} on a thread with a small stack, rethrowing what it threw (a StackOverflowError included). */
    private static void onSmallStack(ThrowingRunnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", SMALL_STACK);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Throwable;
    }
}
