package dev.sandboxemulator.compat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The versions the user's build declares are the ones on the test class path: each module names the versions it
 * expects (compat.expect.* in its pom, passed on by surefire) and this test compares them with the jars the classes
 * come from. It also writes what it found to target/compat-versions.txt, which run.sh prints in its table.
 */
class VersionsTest {

    private static final Map<String, String> PROBES = new LinkedHashMap<>();

    static {
        PROBES.put("junit", "org.junit.jupiter.api.Test");
        PROBES.put("jupiter-engine", "org.junit.jupiter.engine.JupiterTestEngine");
        PROBES.put("platform", "org.junit.platform.engine.TestEngine");
        PROBES.put("jackson", "com.fasterxml.jackson.databind.ObjectMapper");
        PROBES.put("assertj", "org.assertj.core.api.Assertions");
        PROBES.put("awaitility", "org.awaitility.Awaitility");
    }

    @Test
    void theDeclaredVersionsAreTheOnesInUse() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        PROBES.forEach((name, className) -> found.put(name, versionOf(className)));
        Path report = Path.of(System.getProperty("basedir", "."), "target", "compat-versions.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, found.entrySet().stream()
                .filter(e -> !e.getValue().equals("-"))
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + "\n");

        for (String name : PROBES.keySet()) {
            String expected = System.getProperty("compat.expect." + name, "");
            if (!expected.isBlank()) {
                assertEquals(expected, found.get(name), name + " on the test class path");
            }
        }
    }

    /** The version in the manifest of the jar the class comes from, "-" if the class is not there. */
    private static String versionOf(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, VersionsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "-";
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "?";
        }
        try (JarFile jar = new JarFile(Path.of(source.getLocation().toURI()).toFile())) {
            Attributes main = jar.getManifest() == null ? new Attributes() : jar.getManifest().getMainAttributes();
            String version = main.getValue("Implementation-Version");
            if (version == null) {
                version = main.getValue("Bundle-Version");
            }
            return version == null ? "?" : version;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "?";
        }
    }
}
