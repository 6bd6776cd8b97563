package dev.sandboxemulator.bench.simulated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RetainedHeapProbe} in a JVM of its own, on the bench's classpath with the serial
 * collector told to compact fully (so that the heap in use after {@code System.gc()} is what is reachable),
 * and reads back its samples by row.
 */
final class RetainedHeap {
    private static final long TIMEOUT_MINUTES = 5;

    private RetainedHeap() {
    }

    /** Bytes retained per item, {@code samples} samples per row, in the probe's row order. */
    static Map<String, List<Double>> measure(int samples) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // MarkSweepDeadRatio=0: by default the serial collector's full collection may leave up to 5% of the old
        // generation's garbage in place rather than move live data, which skewed the figures by hundreds of KiB
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0",
                "-cp", System.getProperty("java.class.path"), RetainedHeapProbe.class.getName(), Integer.toString(samples))
                .redirectErrorStream(true);
        Process probe = builder.start();
        List<String> output = new ArrayList<>();
        // read on a thread of its own, so that a probe that hangs is still stopped at the timeout
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                // the probe was stopped; what it printed so far is judged below
            }
        }, "memory-probe-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!probe.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the memory probe did not end within " + TIMEOUT_MINUTES + " minutes");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            List<String> printed;
            synchronized (output) {
                printed = List.copyOf(output);
            }
            if (probe.exitValue() != 0) {
                throw new IllegalStateException("the memory probe failed (exit " + probe.exitValue() + "): "
                        + String.join("\n", printed));
            }
            Map<String, List<Double>> byRow = new LinkedHashMap<>();
            for (String line : printed) {
                String[] fields = line.split("\t");
                if (fields.length == 3 && fields[0].equals("retained")) {
                    byRow.computeIfAbsent(fields[1], row -> new ArrayList<>()).add(Double.parseDouble(fields[2]));
                }
            }
            return byRow;
        } finally {
            probe.destroyForcibly();
        }
    }
}
