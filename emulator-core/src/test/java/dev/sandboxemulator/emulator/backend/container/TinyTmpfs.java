package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A tmpfs of a few MiB mounted for one test (the test runs as root), unmounted and removed on close. */
final class TinyTmpfs implements AutoCloseable {
    private final Path mountPoint;

    private TinyTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static TinyTmpfs mount(int mebibytes) throws IOException {
        Path mountPoint = Files.createTempDirectory("sandbox-emulator-tiny-staging-");
        run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m,mode=0700", "tmpfs", mountPoint.toString());
        return new TinyTmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** The regular files below the mount point, as paths relative to it. */
    List<String> files() throws IOException {
        try (Stream<Path> files = Files.walk(mountPoint)) {
            return files.filter(Files::isRegularFile).map(file -> mountPoint.relativize(file).toString()).collect(Collectors.toList());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", mountPoint.toString());
        } catch (IOException busy) {
            run("umount", "-l", mountPoint.toString());
        }
        Files.deleteIfExists(mountPoint);
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
