package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.engine.EngineSettings;
import dev.sandboxemulator.emulator.spi.Backend;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A running Novita Sandbox emulator: the service's wire API on a local port, and the controls a test
 * needs (clock, stubs, faults, files).
 *
 * <p>{@link #builder()} starts one; it serves every API key. As a {@link SandboxTeam} it is its default
 * team: the one every key reaches unless a tenant claims it, so its {@link #sandboxIds()},
 * {@link #faults()}, {@link #fileSystem} and the rest act on the default team's sandboxes (its
 * {@link #stubs()} on every sandbox). It can open
 * {@linkplain #newTenant tenants}: isolated teams, each reached by its own API key, with its own sandboxes
 * (invisible to the others), running quota, clock, stubs and faults. Tests that run at the same time
 * share one emulator through one tenant each.
 *
 * <pre>{@code
 * try (SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start()) {
 *     SandboxClient client = SandboxClient.builder()
 *             .apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
 *     ...
 * }   // the emulator stops
 * }</pre>
 */
public interface SandboxEmulator extends SandboxTeam, AutoCloseable {

    /** Settings for a new emulator. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Why {@code backend} ({@code simulated}, {@code docker} or {@code podman}) cannot run on this
     * machine, or empty when it can. For docker: docker-java on the classpath, a reachable
     * experimental Docker daemon on this host that this process may administer as root, and the
     * {@code base} template's image; for podman: docker-java, Podman's API service, the {@code podman}
     * command, root, and the image (scripts/setup-docker.sh provides all of them). Probed once per JVM.
     */
    static Optional<String> backendUnavailableReason(String backend) {
        return BuiltInBackends.unavailableReason(Objects.requireNonNull(backend, "backend"));
    }

    /** Starts an emulator with every default: simulated backend, system clock, a free port on 127.0.0.1. */
    static SandboxEmulator start() {
        return builder().start();
    }

    /**
     * Opens an isolated tenant on this emulator. It stays open until its own
     * {@link SandboxTenant#close() close()} (which kills its sandboxes and leaves the emulator running) or
     * until this emulator closes.
     *
     * @throws IllegalArgumentException if the options' API key is this emulator's or an open tenant's
     */
    SandboxTenant newTenant(TenantOptions options);

    /**
     * Stops the emulator: closes every tenant still open, kills every sandbox (the default team's and the
     * tenants'), stops the HTTP server (its URLs refuse connections from then on) and closes the backend.
     */
    @Override
    void close();

    /**
     * Settings for a new emulator. Not thread-safe; each {@link #start()} makes an independent
     * emulator (but a builder given a {@link #backend(Backend) Backend instance} starts only one).
     */
    final class Builder {
        String host = "127.0.0.1";
        int port;
        String backend = "simulated";
        Backend pluggedBackend;
        private boolean pluggedBackendHandedOver;
        final Map<String, String> templateImages = new LinkedHashMap<>();
        Clock clock = Clock.systemUTC();
        String apiKey;
        Long idSeed;
        EngineSettings settings = EngineSettings.DEFAULTS;

        Builder() {
        }

        /** The address to bind; {@code 127.0.0.1} by default, so nothing is exposed beyond this machine. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The backend by name: {@code simulated} (the default: pure JVM, deterministic),
         * {@code docker} or {@code podman} (real containers; clones carry process memory through
         * CRIU; see {@link SandboxEmulator#backendUnavailableReason} for what they need).
         * Replaces a backend given to {@link #backend(Backend)}, which then stays its caller's: the emulator
         * neither uses nor closes it.
         */
        public Builder backend(String backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            this.pluggedBackend = null;
            return this;
        }

        /**
         * A backend of your own, in place of a built-in one: the emulator drives it through the
         * {@linkplain dev.sandboxemulator.emulator.spi SPI} and serves the wire API over it, and
         * {@link SandboxEmulator#backendName()} reports its {@link Backend#name()}.
         *
         * <p><b>Ownership.</b> The emulator {@link #start() started} with it owns it from then on: the
         * emulator's {@link SandboxEmulator#close() close()} calls {@link Backend#close()} (after killing
         * every sandbox), and so does a start that fails, for instance on a port already taken. Do not close
         * it yourself, and give one instance to one emulator only: the engine assumes it alone calls the
         * backend (it serializes calls per sandbox, not across emulators), so this builder refuses to start a
         * second emulator on the same instance. To start several emulators, call this again with a new
         * instance before each {@link #start()}.
         *
         * <p>The built-ins' settings do not reach it: {@link #templateImage} mappings are for the container
         * backends and {@link SandboxEmulator#stubs()} for the simulated one. A backend that needs the
         * emulator's clock takes the same clock you give {@link #clock(Clock)}. Replaces a
         * {@link #backend(String) backend named} before.
         */
        public Builder backend(Backend backend) {
            this.pluggedBackend = Objects.requireNonNull(backend, "backend");
            this.pluggedBackendHandedOver = false;
            return this;
        }

        /**
         * For the container backends: the image that sandboxes of {@code templateId} start from
         * (by default {@code base} and every unknown template: {@code sandbox-emulator/base:latest};
         * {@code minimal}: {@code sandbox-emulator/minimal:latest}). The image needs {@code /bin/sh}.
         * Checked at once, on every backend, so that a mistyped mapping fails where it is written rather
         * than when a container first starts.
         *
         * @throws IllegalArgumentException if the template id or the image is blank or holds whitespace
         */
        public Builder templateImage(String templateId, String image) {
            Objects.requireNonNull(templateId, "templateId");
            Objects.requireNonNull(image, "image");
            if (templateId.isBlank() || templateId.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid template id '" + templateId
                        + "': it must be non-blank, without whitespace");
            }
            if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid image for template '" + templateId + "': '" + image
                        + "' is not an image reference (such as python:3.12-slim): it must be non-blank,"
                        + " without whitespace");
            }
            templateImages.put(templateId, image);
            return this;
        }

        /** The clock that drives timeouts and timestamps; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs on a fresh {@link ManualClock}, reachable through {@link SandboxEmulator#manualClock()}. */
        public Builder manualClock() {
            return clock(ManualClock.create());
        }

        /** Requires exactly this {@code X-API-KEY} (besides tenants' keys); by default any non-empty key is accepted. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** How many sandboxes may run at once; 100 by default, as on Novita's paid tier. */
        public Builder runningQuota(int quota) {
            this.settings = settings.withRunningQuota(quota);
            return this;
        }

        /**
         * Every sandbox's memory in MiB, 512 by default (Novita's base template): what the API reports as
         * {@code memoryMB}, and on the container backends the container's limit, so a process that needs more
         * is killed as it would be in the service. Clones keep their parent's.
         *
         * @throws IllegalArgumentException below 64 MiB
         */
        public Builder sandboxMemoryMb(int mib) {
            this.settings = settings.withMemoryMb(mib);
            return this;
        }

        /** Makes sandbox ids repeatable from run to run. */
        public Builder idSeed(long seed) {
            this.idSeed = seed;
            return this;
        }

        /** The cap on sandbox lifetimes (1 h by default). */
        public Builder maxTimeout(Duration maxTimeout) {
            this.settings = settings.withMaxTimeout(maxTimeout);
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @throws IllegalStateException if the {@link #backend(Backend) plugged-in backend} was already
         *                               handed to an emulator this builder started
         */
        public SandboxEmulator start() {
            if (pluggedBackend != null) {
                if (pluggedBackendHandedOver) {
                    throw new IllegalStateException("backend " + pluggedBackend.name() + " already belongs to an"
                            + " emulator this builder started; give backend(Backend) a new instance for each emulator");
                }
                pluggedBackendHandedOver = true;
            }
            return new RunningEmulator(this);
        }
    }
}
