package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.util.Random;

/**
 * Fills a sandbox with files through its filesystem (what {@code SandboxTeam.fileSystem(id).write(...)}
 * does in a test), before anything is timed.
 */
final class ParentFiles {
    /** Files per directory: a tree as a project checkout has it, not one directory of 100,000 entries. */
    static final int FILES_PER_DIRECTORY = 1000;
    /** Each small file's size. */
    static final int SMALL_FILE_BYTES = 100;
    /** How many files a parent's data is split into. */
    static final int DATA_FILES = 16;

    private ParentFiles() {
    }

    /** {@code count} files of {@value #SMALL_FILE_BYTES} bytes under {@code /home/user/files/d<n>/}, {@value #FILES_PER_DIRECTORY} a directory. */
    static void smallFiles(SandboxFileSystem files, int count) {
        byte[] content = new byte[SMALL_FILE_BYTES];
        new Random(1).nextBytes(content);
        for (int i = 0; i < count; i++) {
            String directory = "/home/user/files/d" + (i / FILES_PER_DIRECTORY);
            if (i % FILES_PER_DIRECTORY == 0) {
                files.makeDirectories(directory);
            }
            files.write(directory + "/f" + i + ".txt", content);
        }
    }

    /** {@code mib} MiB of random bytes in {@value #DATA_FILES} equal files under {@code /home/user/data/}. */
    static void data(SandboxFileSystem files, long mib) {
        long total = mib * 1024 * 1024;
        byte[] content = new byte[Math.toIntExact(total / DATA_FILES)];
        new Random(2).nextBytes(content);
        files.makeDirectories("/home/user/data");
        for (int i = 0; i < DATA_FILES; i++) {
            // the filesystem keeps a copy of what it is given, so each file holds its own bytes
            files.write("/home/user/data/part" + i + ".bin", content);
        }
    }
}
