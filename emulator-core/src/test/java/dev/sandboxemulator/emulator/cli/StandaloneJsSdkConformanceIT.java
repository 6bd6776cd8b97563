package dev.sandboxemulator.emulator.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Starts the standalone jar as a user would ({@code java -jar sandbox-emulator.jar --port 0}),
 * reads the URLs it prints, and runs the conformance suite of the official npm SDK
 * ({@code novita-sandbox} 2.1.1, in {@code conformance/js}) against it with Node.
 *
 * <p>Node and the suite's npm dependencies are needed. Outside CI, a machine without them skips
 * this test with the reason; under CI ({@code CI=true}) their absence fails it.
 */
class StandaloneJsSdkConformanceIT {

    private static final Path SUITE = Path.of("..", "conformance", "js").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "sandbox-emulator.jar").toAbsolutePath();

    private Process emulator;

    @BeforeEach
    void startStandaloneEmulator() throws IOException {
        assertThat(JAR).as("the standalone jar is built in the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        emulator = new ProcessBuilder(java, "-jar", JAR.toString(), "--port", "0").redirectErrorStream(true).start();
    }

    @AfterEach
    void stopEmulator() throws InterruptedException {
        if (emulator != null) {
            emulator.destroy();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).as("the emulator stops cleanly on SIGTERM").isTrue();
        }
    }

    @Test
    void theOfficialJsSdkDrivesTheControlPlaneOfTheStandaloneEmulator() throws Exception {
        Map<String, String> urls = readPrintedUrls();
        assertThat(urls).containsKeys("NOVITA_API_URL", "NOVITA_SANDBOX_URL");
        requireNodeAndSuite();

        ProcessBuilder npm = new ProcessBuilder("npm", "test").directory(SUITE.toFile()).redirectErrorStream(true);
        npm.environment().putAll(urls);
        npm.environment().put("NOVITA_API_KEY", "conformance-key");
        npm.environment().remove("NOVITA_DOMAIN");
        npm.environment().remove("NOVITA_DEBUG");
        Process run = npm.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = run.waitFor(5, TimeUnit.MINUTES);
        System.out.println(output);

        assertThat(finished).as("the JS suite finishes within 5 minutes").isTrue();
        assertThat(run.exitValue()).as("npm test exit code; its output:%n%s", output).isZero();
    }

    private Map<String, String> readPrintedUrls() throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> urls = new java.util.HashMap<>();
        List<String> seen = new ArrayList<>();
        String line;
        while (urls.size() < 2 && (line = lines.readLine()) != null) {
            seen.add(line);
            int eq = line.indexOf('=');
            if (line.startsWith("NOVITA_API_URL=") || line.startsWith("NOVITA_SANDBOX_URL=")) {
                urls.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(urls).as("URLs printed by the emulator; it printed: %s", seen).hasSize(2);
        // Keep draining the emulator's output so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                lines.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        }, "emulator-output");
        drain.setDaemon(true);
        drain.start();
        return urls;
    }

    private static void requireNodeAndSuite() throws Exception {
        boolean ready = Files.isDirectory(SUITE.resolve("node_modules").resolve("novita-sandbox")) || installSuite();
        if (System.getenv("CI") != null) {
            assertThat(ready).as("CI must provide Node and the suite's npm dependencies (npm ci in %s)", SUITE).isTrue();
        }
        assumeThat(ready).as("Node/npm and the npm dependencies of %s are needed; run npm ci there", SUITE).isTrue();
    }

    /** Installs the suite's locked dependencies; false when npm is missing or the registry unreachable. */
    private static boolean installSuite() throws InterruptedException {
        try {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SUITE.toFile())
                    .redirectErrorStream(true).redirectOutput(new File(SUITE.toFile(), "npm-ci.log")).start();
            return install.waitFor(5, TimeUnit.MINUTES) && install.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
