package dev.sandboxemulator.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The suites of {@code conformance/js} (the official {@code novita-sandbox} and {@code e2b} SDKs and
 * {@code @e2b/cli}, driven by Node) as the ITs run them: the environment they read, the check that
 * Node and the npm dependencies are there, and one {@code npm run SCRIPT} with a time limit and a log.
 */
final class NodeSuite {
    static final Path DIR = Path.of("..", "conformance", "js").toAbsolutePath().normalize();
    /** The shape E2B's SDKs require of a key ({@code ^e2b_[0-9a-f]+$}); the emulator takes any non-empty key. */
    static final String E2B_API_KEY = "e2b_00000000000000000000000000000000";
    /**
     * A comma-separated list of backends to run (e.g. {@code -Dconformance.backends=simulated}); the
     * others are skipped before anything touches their engine. Unset: every backend.
     */
    static final String BACKENDS_PROPERTY = "conformance.backends";

    private NodeSuite() {
    }

    /** Skips {@code backend} when {@value #BACKENDS_PROPERTY} is set and does not name it. */
    static void assumeBackendSelected(String backend) {
        String selected = System.getProperty(BACKENDS_PROPERTY);
        assumeThat(selected == null || Arrays.asList(selected.split(",")).contains(backend))
                .as("-D%s=%s leaves out the %s backend", BACKENDS_PROPERTY, selected, backend).isTrue();
    }

    /**
     * Returns when Node and the suite's npm dependencies ({@code novita-sandbox}, {@code e2b},
     * {@code @e2b/cli}) are installed, installing the locked ones if needed. Without them a test is
     * skipped with the reason, except under CI ({@code CI=true}), where it fails.
     */
    static void requireSuite() throws InterruptedException {
        boolean ready = installed() || (install() && installed());
        if (System.getenv("CI") != null) {
            assertThat(ready).as("CI must provide Node and the suite's npm dependencies (npm ci in %s)", DIR).isTrue();
        }
        assumeThat(ready).as("Node/npm and the npm dependencies of %s are needed; run npm ci there", DIR).isTrue();
    }

    /**
     * What the E2B SDK and CLI read: both URLs with their scheme (the SDK adds none), a key of E2B's
     * shape, the backend for the suites' few backend-dependent assertions.
     */
    static Map<String, String> e2bEnvironment(String apiUrl, String sandboxUrl, String backend) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("E2B_API_URL", apiUrl);
        env.put("E2B_SANDBOX_URL", sandboxUrl);
        env.put("E2B_API_KEY", E2B_API_KEY);
        env.put("EMULATOR_BACKEND", backend);
        // The CLI's only call home is its update check against the npm registry; this turns it off.
        env.put("NO_UPDATE_NOTIFIER", "1");
        return env;
    }

    /**
     * What Novita's SDK reads: the URLs the emulator printed, a key, and the backend for the suite's
     * few backend-dependent assertions.
     */
    static Map<String, String> novitaEnvironment(Map<String, String> printedUrls, String backend) {
        Map<String, String> env = new LinkedHashMap<>(printedUrls);
        env.put("NOVITA_API_KEY", "conformance-key");
        env.put("EMULATOR_BACKEND", backend);
        return env;
    }

    /** Runs {@code npm run SCRIPT} in the suite with {@code env}; its output goes to target/LOG_NAME.log. */
    static Result run(String script, Map<String, String> env, String logName, Duration limit) throws IOException, InterruptedException {
        Path log = Path.of("target", logName + ".log").toAbsolutePath();
        ProcessBuilder npm = new ProcessBuilder("npm", "run", script).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        // *_DOMAIN would change how the SDKs build envd URLs; *_DEBUG makes them skip the control plane.
        List.of("E2B_DOMAIN", "E2B_DEBUG", "NOVITA_DOMAIN", "NOVITA_DEBUG").forEach(npm.environment()::remove);
        npm.environment().putAll(env);
        Process run = npm.start();
        run.getOutputStream().close();
        boolean finished = run.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            run.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Result(finished, finished ? run.exitValue() : -1, output);
    }

    record Result(boolean finished, int exitCode, String output) {
    }

    private static boolean installed() {
        Path modules = DIR.resolve("node_modules");
        return Files.isDirectory(modules.resolve("novita-sandbox")) && Files.isDirectory(modules.resolve("e2b"))
                && Files.isDirectory(modules.resolve("@e2b").resolve("cli"))
                && Files.exists(modules.resolve(".bin").resolve("e2b"));
    }

    /** Installs the suite's locked dependencies; false when npm is missing or the registry unreachable. */
    private static boolean install() throws InterruptedException {
        try {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(new File(DIR.toFile(), "npm-ci.log")).start();
            return install.waitFor(5, TimeUnit.MINUTES) && install.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
