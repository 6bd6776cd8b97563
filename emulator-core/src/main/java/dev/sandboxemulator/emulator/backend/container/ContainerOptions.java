package dev.sandboxemulator.emulator.backend.container;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the container backends map templates to images, how long they wait for the engine, how many
 * copies they restore at once, and where they keep checkpoints.
 *
 * @param templateImages image by template id
 * @param defaultImage the image of every other template
 * @param callTimeout the longest a daemon call may take where the transport can bound it
 * @param criuTimeout the longest a checkpoint or restore may take; then CRIU is killed (a hung
 *     dump would leave the container frozen, a hung restore the caller waiting forever)
 * @param restoreConcurrency how many copies of one clone request are restored at once
 * @param stagingRoot the folder below which each backend instance keeps its checkpoints and
 *     checkpoint archives (in a folder of its own); empty: {@code <engine root>/sandbox-emulator}
 */
public record ContainerOptions(Map<String, String> templateImages, String defaultImage, Duration callTimeout, Duration criuTimeout,
                            int restoreConcurrency, Optional<Path> stagingRoot) {
    public static final String BASE_IMAGE = "sandbox-emulator/base:latest";
    public static final String MINIMAL_IMAGE = "sandbox-emulator/minimal:latest";
    /** Overrides and additions, as {@code template=image,template=image}. */
    public static final String TEMPLATE_IMAGES_ENV = "SANDBOX_EMULATOR_TEMPLATE_IMAGES";
    /**
     * Measured with bench/run.sh on 2 cores (docs/container-backends.md): four copies of an idle
     * parent restored four at a time took 0.60–0.65x of one at a time on docker (two at a time:
     * 0.70–0.71x), 0.50–0.54x on podman (0.63–0.65x).
     */
    static final int DEFAULT_RESTORE_CONCURRENCY = 4;
    static final Duration DEFAULT_CRIU_TIMEOUT = Duration.ofSeconds(60);
    /** Where checkpoints are kept ({@link #stagingRoot}); the system property {@value #STAGING_DIR_PROPERTY} wins over it. */
    public static final String STAGING_DIR_ENV = "SANDBOX_EMULATOR_STAGING_DIR";
    public static final String STAGING_DIR_PROPERTY = "sandbox.emulator.stagingDir";
    /** The limit on a checkpoint or restore ({@link #criuTimeout}); the system property {@value #CRIU_TIMEOUT_PROPERTY} wins over it. */
    public static final String CRIU_TIMEOUT_ENV = "SANDBOX_EMULATOR_CRIU_TIMEOUT";
    public static final String CRIU_TIMEOUT_PROPERTY = "sandbox.emulator.criuTimeout";

    public ContainerOptions {
        templateImages = Map.copyOf(templateImages);
        Objects.requireNonNull(defaultImage, "defaultImage");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(criuTimeout, "criuTimeout");
        Objects.requireNonNull(stagingRoot, "stagingRoot");
        if (criuTimeout.isNegative() || criuTimeout.isZero()) {
            throw new IllegalArgumentException("criuTimeout must be positive, was " + criuTimeout);
        }
        if (restoreConcurrency < 1) {
            throw new IllegalArgumentException("restoreConcurrency must be at least 1, was " + restoreConcurrency);
        }
    }

    /**
     * {@code base} and {@code minimal} as setup-docker.sh builds them, then the environment's and
     * {@code overrides}; the CRIU timeout and the staging folder from the system properties or the
     * environment, where set.
     */
    public static ContainerOptions defaults(Map<String, String> overrides) {
        return defaults(overrides, System::getenv);
    }

    /** {@link #defaults(Map)} with {@code environment} for the process's environment (system properties win over it). */
    static ContainerOptions defaults(Map<String, String> overrides, UnaryOperator<String> environment) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("base", BASE_IMAGE);
        images.put("minimal", MINIMAL_IMAGE);
        images.putAll(parse(environment.apply(TEMPLATE_IMAGES_ENV)));
        images.putAll(overrides);
        String timeout = setting(CRIU_TIMEOUT_PROPERTY, CRIU_TIMEOUT_ENV, environment);
        String staging = setting(STAGING_DIR_PROPERTY, STAGING_DIR_ENV, environment);
        return new ContainerOptions(images, images.get("base"), Duration.ofSeconds(120),
                timeout == null ? DEFAULT_CRIU_TIMEOUT : parseDuration(timeout, CRIU_TIMEOUT_ENV + " / -D" + CRIU_TIMEOUT_PROPERTY),
                DEFAULT_RESTORE_CONCURRENCY, Optional.ofNullable(staging).map(Path::of).map(Path::toAbsolutePath));
    }

    private static String setting(String property, String variable, UnaryOperator<String> environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = environment.apply(variable);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** These options with another limit on checkpoint and restore. */
    public ContainerOptions withCriuTimeout(Duration timeout) {
        return new ContainerOptions(templateImages, defaultImage, callTimeout, timeout, restoreConcurrency, stagingRoot);
    }

    /** These options with another number of copies restored at once. */
    public ContainerOptions withRestoreConcurrency(int copies) {
        return new ContainerOptions(templateImages, defaultImage, callTimeout, criuTimeout, copies, stagingRoot);
    }

    /** These options with checkpoints kept below {@code folder} (which must be on the engine's host). */
    public ContainerOptions withStagingRoot(Path folder) {
        return new ContainerOptions(templateImages, defaultImage, callTimeout, criuTimeout, restoreConcurrency,
                Optional.of(folder.toAbsolutePath()));
    }

    /** Where the backend keeps its checkpoints: {@link #stagingRoot}, else {@code engineRoot/sandbox-emulator}. */
    Path stagingRootOr(Path engineRoot) {
        return stagingRoot.orElseGet(() -> engineRoot.resolve("sandbox-emulator"));
    }

    /**
     * A duration as {@code 5s}, {@code 500ms}, {@code 2m}, a bare number of seconds, or ISO-8601
     * ({@code PT5S}); {@code what} names the setting in the error.
     */
    static Duration parseDuration(String text, String what) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).strip()));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).strip()));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": expected a duration such as 60s, 500ms, 2m or PT60S, got '" + text.strip() + "'");
        }
    }

    /** A snapshot at least this large restores no more copies at once than there are cores. */
    static final long LARGE_SNAPSHOT_BYTES = 64L * 1024 * 1024;

    /**
     * How many copies of a snapshot of {@code snapshotBytes} to restore at once on {@code cores}
     * cores: {@link #restoreConcurrency}, but no more than the cores for a large snapshot, whose
     * restores are bound by CPU and memory bandwidth rather than by waiting. Measured on 2 cores
     * (podman): four copies of a parent holding 256 MiB took 2.8–3.0 s two at a time and 3.4–3.7 s
     * four at a time, while four copies of an idle parent were fastest four at a time.
     */
    public int restoreConcurrencyFor(long snapshotBytes, int cores) {
        return snapshotBytes >= LARGE_SNAPSHOT_BYTES ? Math.max(1, Math.min(restoreConcurrency, cores)) : restoreConcurrency;
    }

    /** The image for a template (ignoring its {@code :tag}). */
    public String imageFor(String templateId) {
        String image = templateImages.get(templateId);
        if (image == null) {
            int colon = templateId.indexOf(':');
            image = templateImages.get(colon < 0 ? templateId : templateId.substring(0, colon));
        }
        return image == null ? defaultImage : image;
    }

    static Map<String, String> parse(String spec) {
        Map<String, String> images = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return images;
        }
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException(TEMPLATE_IMAGES_ENV + ": expected template=image, got '" + pair.strip() + "'");
            }
            images.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return images;
    }
}
