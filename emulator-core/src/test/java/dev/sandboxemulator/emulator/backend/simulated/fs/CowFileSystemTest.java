package dev.sandboxemulator.emulator.backend.simulated.fs;

import com.sun.management.ThreadMXBean;
import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CowFileSystemTest {

    private final ManualClock clock = ManualClock.create();
    private final CowFileSystem fs = CowFileSystem.withDefaultLayout(clock);

    @Test
    void startsWithTheUsersHomeAndTmp() {
        assertThat(fs.stat("/home/user")).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo(FileEntry.Type.DIRECTORY);
            assertThat(e.owner()).isEqualTo("user");
        });
        assertThat(fs.stat("/tmp")).hasValueSatisfying(e -> assertThat(e.mode()).isEqualTo(01777));
    }

    @Test
    void aForkSharesFileContentsInsteadOfCopyingThem() {
        fs.write("/home/user/data.bin", new byte[1024]);

        CowFileSystem fork = fs.fork();

        assertThat(fork.sharesContentWith(fs, "/home/user/data.bin")).isTrue();
    }

    @Test
    void forkingAFilesystemWithLargeFilesAllocatesAlmostNothing() {
        byte[] big = new byte[32 * 1024 * 1024];
        fs.write("/home/user/big-1.bin", big);
        fs.write("/home/user/big-2.bin", big);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        for (int i = 0; i < 100; i++) {
            fs.fork();
        }

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 100 copies of 64 MiB would be 6.4 GiB; sharing costs a few bytes a fork.
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    @Test
    void aWriteInAForkIsSeenNeitherByTheParentNorBySiblings() {
        fs.write("/home/user/shared.txt", bytes("original"));
        CowFileSystem first = fs.fork();
        CowFileSystem second = fs.fork();

        first.write("/home/user/shared.txt", bytes("changed by first"));
        first.write("/home/user/new.txt", bytes("only in first"));
        second.remove("/home/user");

        assertThat(text(fs, "/home/user/shared.txt")).isEqualTo("original");
        assertThat(fs.stat("/home/user/new.txt")).isEmpty();
        assertThat(text(first, "/home/user/shared.txt")).isEqualTo("changed by first");
        assertThat(second.stat("/home/user/shared.txt")).isEmpty();
        assertThat(first.sharesContentWith(fs, "/home/user/shared.txt")).isFalse();
    }

    @Test
    void aWriteInTheParentAfterForkingIsNotSeenByTheFork() {
        fs.write("/tmp/state", bytes("v1"));
        CowFileSystem fork = fs.fork();

        fs.write("/tmp/state", bytes("v2"));

        assertThat(text(fork, "/tmp/state")).isEqualTo("v1");
    }

    @Test
    void writeCreatesMissingParentsAndKeepsAFilesModeWhenReplacingIt() {
        fs.write("/home/user/a/b/c.txt", bytes("x"));
        clock.advance(Duration.ofMinutes(1));
        FileEntry replaced = fs.write("/home/user/a/b/c.txt", bytes("xyz"));

        assertThat(fs.stat("/home/user/a/b")).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo(FileEntry.Type.DIRECTORY));
        assertThat(replaced.size()).isEqualTo(3);
        assertThat(replaced.mode()).isEqualTo(0644);
        assertThat(replaced.modifiedTime()).isEqualTo(clock.instant());
    }

    @Test
    void readingADirectoryOrAMissingFileFailsWithTheReason() {
        assertThatThrownBy(() -> fs.read("/home/user"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IS_A_DIRECTORY));
        assertThatThrownBy(() -> fs.read("/home/user/missing"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void writingBelowAFileFailsWithNotADirectory() {
        fs.write("/home/user/file", bytes("x"));

        assertThatThrownBy(() -> fs.write("/home/user/file/child", bytes("y")))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_DIRECTORY));
    }

    @Test
    void makeDirectoriesReportsWhetherItMadeOne() {
        assertThat(fs.makeDirectories("/home/user/x/y")).isTrue();
        assertThat(fs.makeDirectories("/home/user/x/y")).isFalse();
        fs.write("/home/user/f", bytes("x"));
        assertThatThrownBy(() -> fs.makeDirectories("/home/user/f"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    }

    @Test
    void listDescendsAsDeepAsAsked() {
        fs.write("/home/user/p/q/r.txt", bytes("x"));

        assertThat(fs.list("/home/user", 1).stream().map(FileEntry::path).collect(Collectors.toList()))
                .containsExactly("/home/user/p");
        assertThat(fs.list("/home/user", 3).stream().map(FileEntry::path).collect(Collectors.toList()))
                .containsExactly("/home/user/p", "/home/user/p/q", "/home/user/p/q/r.txt");
    }

    @Test
    void moveCreatesTheDestinationsParentsAndRefusesToMoveADirectoryIntoItself() {
        fs.write("/home/user/src/file.txt", bytes("content"));

        fs.move("/home/user/src", "/tmp/deep/dst");

        assertThat(text(fs, "/tmp/deep/dst/file.txt")).isEqualTo("content");
        assertThat(fs.stat("/home/user/src")).isEmpty();
        assertThatThrownBy(() -> fs.move("/tmp/deep", "/tmp/deep/inner"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PATH));
    }

    @Test
    void removeDeletesATreeAndReportsWhetherAnythingWasThere() {
        fs.write("/home/user/t/a.txt", bytes("a"));

        assertThat(fs.remove("/home/user/t")).isTrue();
        assertThat(fs.remove("/home/user/t")).isFalse();
        assertThat(fs.stat("/home/user/t/a.txt")).isEmpty();
    }

    @Test
    void pathsAreNormalizedAndMustBeAbsolute() {
        fs.write("/home//user/./x/../y.txt", bytes("y"));

        assertThat(text(fs, "/home/user/y.txt")).isEqualTo("y");
        assertThatThrownBy(() -> fs.read("relative.txt"))
                .isInstanceOfSatisfying(FileSystemException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PATH));
    }

    @Test
    void totalBytesCountsEveryFile() {
        fs.write("/a", new byte[10]);
        fs.write("/home/user/b", new byte[5]);

        assertThat(fs.totalBytes()).isEqualTo(15);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CowFileSystem fs, String path) {
        return new String(fs.read(path), StandardCharsets.UTF_8);
    }
}
