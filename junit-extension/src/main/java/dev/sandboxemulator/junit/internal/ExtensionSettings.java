package dev.sandboxemulator.junit.internal;

import dev.sandboxemulator.emulator.ContainerBackendRequirement;
import dev.sandboxemulator.junit.SandboxClock;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SandboxTest} asks for, resolved once per context: the nearest annotation (method,
 * class, then enclosing classes of {@code @Nested} ones), then JUnit configuration parameters,
 * then defaults.
 *
 * @param backend {@code simulated}, {@code docker} or {@code podman}
 * @param templates template-to-image mappings for the container backends
 * @param runningQuota the test tenant's running quota
 * @param apiKey a fixed API key, or empty for a generated one
 * @param failOnLeak whether leaked sandboxes fail the test
 * @param manualClock whether the test runs on its own manual clock
 * @param requireDocker whether an unusable container backend (docker or podman) fails instead of skipping
 */
public record ExtensionSettings(String backend, Map<String, String> templates, int runningQuota, Optional<String> apiKey,
                                boolean failOnLeak, boolean manualClock, boolean requireDocker) {

    static final String PREFIX = "sandbox.emulator.";
    static final int DEFAULT_RUNNING_QUOTA = 100;

    public ExtensionSettings {
        templates = Map.copyOf(templates);
    }

    /** What the emulator shared by tests with these settings is keyed by. */
    public EmulatorKey emulatorKey() {
        return new EmulatorKey(backend, templates);
    }

    /** The configuration of one shared emulator. */
    public record EmulatorKey(String backend, Map<String, String> templates) {
    }

    public static ExtensionSettings of(ExtensionContext context) {
        SandboxTest annotation = nearestAnnotation(context).orElseThrow(() -> new ExtensionConfigurationException(
                "the sandbox extension needs @SandboxTest on the test class or method"));
        String backend = !annotation.backend().isEmpty() ? annotation.backend()
                : context.getConfigurationParameter(PREFIX + "backend").orElse("simulated");
        backend = backend.trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("simulated") && !backend.equals("docker") && !backend.equals("podman")) {
            throw new ExtensionConfigurationException("unknown sandbox backend '" + backend + "': use simulated, docker or podman");
        }
        int quota = annotation.runningQuota() > 0 ? annotation.runningQuota()
                : context.getConfigurationParameter(PREFIX + "runningQuota").map(v -> parseQuota(v)).orElse(DEFAULT_RUNNING_QUOTA);
        boolean failOnLeak = annotation.onLeak() == SandboxTest.Leaks.DEFAULT
                ? context.getConfigurationParameter(PREFIX + "failOnLeak").map(Boolean::parseBoolean).orElse(false)
                : annotation.onLeak() == SandboxTest.Leaks.FAIL;
        SandboxClock clock = annotation.clock() != SandboxClock.DEFAULT ? annotation.clock()
                : context.getConfigurationParameter(PREFIX + "clock").map(ExtensionSettings::parseClock).orElse(SandboxClock.MANUAL);
        // One parser for the switch, shared with the emulator's own container tests: CI sets it to 1.
        boolean requireDocker = ContainerBackendRequirement.isRequired()
                || context.getConfigurationParameter(ContainerBackendRequirement.SYSTEM_PROPERTY)
                        .map(ContainerBackendRequirement::isYes).orElse(false);
        Optional<String> apiKey = annotation.apiKey().isBlank() ? Optional.empty() : Optional.of(annotation.apiKey());
        return new ExtensionSettings(backend, templates(annotation.templates()), quota, apiKey, failOnLeak,
                clock == SandboxClock.MANUAL, requireDocker);
    }

    private static Optional<SandboxTest> nearestAnnotation(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent(); current = current.get().getParent()) {
            Optional<AnnotatedElement> element = current.get().getElement();
            if (element.isPresent()) {
                Optional<SandboxTest> found = AnnotationSupport.findAnnotation(element.get(), SandboxTest.class);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> templates(String[] mappings) {
        Map<String, String> templates = new LinkedHashMap<>();
        for (String mapping : mappings) {
            int eq = mapping.indexOf('=');
            if (eq <= 0 || eq == mapping.length() - 1) {
                throw new ExtensionConfigurationException("invalid template mapping '" + mapping + "': expected template=image");
            }
            templates.put(mapping.substring(0, eq).trim(), mapping.substring(eq + 1).trim());
        }
        return templates;
    }

    private static int parseQuota(String value) {
        try {
            int quota = Integer.parseInt(value.trim());
            if (quota >= 1) {
                return quota;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ExtensionConfigurationException(PREFIX + "runningQuota must be a positive integer, was '" + value + "'");
    }

    private static SandboxClock parseClock(String value) {
        try {
            SandboxClock clock = SandboxClock.valueOf(value.trim().toUpperCase(Locale.ROOT));
            if (clock != SandboxClock.DEFAULT) {
                return clock;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new ExtensionConfigurationException(PREFIX + "clock must be manual or system, was '" + value + "'");
    }
}
