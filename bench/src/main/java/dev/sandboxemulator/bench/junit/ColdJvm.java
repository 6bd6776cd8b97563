package dev.sandboxemulator.bench.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link ColdFirstTest} in a new JVM with this JVM's class path, and reads what it measured. */
final class ColdJvm {

    private ColdJvm() {
    }

    /** One cold first test class, in milliseconds, as the fresh JVM measured it. */
    static double firstTestMillis() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ColdFirstTest.class.getName())
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        try {
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the cold JVM did not finish within 2 minutes");
            }
            String out = output.join();
            List<String> result = out.lines().filter(line -> line.startsWith(ColdFirstTest.PREFIX)).toList();
            if (child.exitValue() != 0 || result.size() != 1) {
                throw new IllegalStateException("the cold JVM exited " + child.exitValue() + " without its figure:\n" + out);
            }
            return Double.parseDouble(result.get(0).substring(ColdFirstTest.PREFIX.length()));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
