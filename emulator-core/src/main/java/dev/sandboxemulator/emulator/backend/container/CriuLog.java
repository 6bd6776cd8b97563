package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds CRIU's own log of a failed dump or restore and picks out the lines that say why, so the
 * error a user sees carries the diagnosis instead of "runc did not terminate successfully".
 */
final class CriuLog {
    private static final Pattern LOG_PATH = Pattern.compile("(/[^\\s\"':]+\\.log)");
    private static final int MAX_LINES = 12;

    private CriuLog() {
    }

    /**
     * The telling lines of the most recent CRIU log that the daemon's message names, or that lies
     * in one of {@code folders} (searched two levels deep); empty when there is none.
     */
    static Optional<String> excerpt(String daemonMessage, List<Path> folders) {
        Set<Path> candidates = new LinkedHashSet<>();
        Matcher matcher = LOG_PATH.matcher(daemonMessage == null ? "" : daemonMessage);
        while (matcher.find()) {
            candidates.add(Path.of(matcher.group(1)));
        }
        Instant recent = Instant.now().minus(Duration.ofMinutes(5));
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder, 2)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)).forEach(candidates::add);
            } catch (IOException | RuntimeException e) {
                // unreadable: try the others
            }
        }
        return candidates.stream()
                .filter(Files::isReadable)
                .filter(f -> modified(f).toInstant().isAfter(recent))
                .max(Comparator.comparing(CriuLog::modified))
                .flatMap(CriuLog::tellingLines);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static Optional<String> tellingLines(Path file) {
        try {
            return tellingLines(file.toString(), Files.readAllLines(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The error lines of a CRIU log (else its last lines), headed by where it came from. */
    static Optional<String> tellingLines(String source, List<String> lines) {
        List<String> errors = lines.stream().filter(line -> line.contains("Error") || line.contains("error"))
                .collect(Collectors.toList());
        List<String> chosen = new ArrayList<>(errors.isEmpty() ? lines : errors);
        if (chosen.size() > MAX_LINES) {
            chosen = chosen.subList(chosen.size() - MAX_LINES, chosen.size());
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("CRIU log " + source + ":\n  " + String.join("\n  ", chosen));
    }

    /**
     * Copies a restore's log while the restore runs: when a restore fails, containerd removes the
     * task folder, log included, before the daemon answers.
     */
    static final class Capture implements AutoCloseable {
        private final List<Path> candidates;
        private final Thread thread;
        private volatile Path source;
        private volatile List<String> lines = List.of();
        private volatile boolean done;

        Capture(String containerId) {
            this.candidates = List.of(
                    Path.of("/var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby", containerId, "work", "restore.log"),
                    Path.of("/run/containerd/io.containerd.runtime.v2.task/moby", containerId, "work", "restore.log"));
            this.thread = new Thread(this::follow, "sandbox-emulator-criu-log");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow() {
            while (!done) {
                for (Path candidate : candidates) {
                    try {
                        List<String> read = Files.readAllLines(candidate);
                        if (!read.isEmpty()) {
                            source = candidate;
                            lines = read;
                        }
                    } catch (IOException | RuntimeException e) {
                        // not there (yet, or any more)
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The telling lines of what was captured. */
        Optional<String> excerpt() {
            close();
            Path from = source;
            return from == null ? Optional.empty() : tellingLines(from + " (copied while the restore ran)", lines);
        }

        @Override
        public void close() {
            done = true;
            thread.interrupt();
        }
    }
}
