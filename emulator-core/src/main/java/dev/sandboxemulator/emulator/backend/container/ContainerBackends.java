package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.Backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The way in to the container backends ({@code docker}, {@code podman}) for code that must not
 * touch docker-java before knowing it is there: docker-java is an optional dependency, so this
 * class names none of its types.
 */
public final class ContainerBackends {
    /** The container engines this build drives. */
    public static final List<String> ENGINES = List.of("docker", "podman");

    private static final String DOCKER_JAVA_CLASS = "com.github.dockerjava.core.DockerClientImpl";
    private static final String HTTP_TRANSPORT_CLASS = "com.github.dockerjava.httpclient5.ApacheDockerHttpClient";
    private static final Map<String, Optional<String>> PROBED = new ConcurrentHashMap<>();

    private ContainerBackends() {
    }

    /**
     * Why the {@code engine} backend cannot run here, or empty when it can: docker-java on the
     * classpath, a Linux host, the engine's daemon (Docker: experimental, with its folders writable
     * by this process; Podman: its API service and the {@code podman} command), and the default
     * template's image. Probed once per JVM and engine.
     */
    public static Optional<String> unavailableReason(String engine) {
        requireEngine(engine);
        return PROBED.computeIfAbsent(engine, ContainerBackends::probe);
    }

    /** A backend on {@code engine} with the default template images plus {@code templateImages}. */
    public static Backend create(String engine, Map<String, String> templateImages) {
        requireEngine(engine);
        missingLibrary(engine).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return Connector.connect(engine, ContainerOptions.defaults(templateImages));
    }

    private static void requireEngine(String engine) {
        if (!ENGINES.contains(engine)) {
            throw new IllegalArgumentException("unknown container engine '" + engine + "'; this build offers: " + ENGINES);
        }
    }

    private static Optional<String> probe(String engine) {
        Optional<String> missing = missingLibrary(engine);
        if (missing.isPresent()) {
            return missing;
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("the " + engine + " backend needs a Linux host (CRIU, and direct access to the containers' processes)");
        }
        return engine.equals("docker") ? Connector.probeDocker(Duration.ofSeconds(10)) : Connector.probePodman(Duration.ofSeconds(10));
    }

    private static Optional<String> missingLibrary(String engine) {
        ClassLoader loader = ContainerBackends.class.getClassLoader();
        for (String name : new String[] {DOCKER_JAVA_CLASS, HTTP_TRANSPORT_CLASS}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of("the " + engine + " backend needs docker-java on the classpath: add"
                        + " com.github.docker-java:docker-java-core and docker-java-transport-httpclient5 (3.7.x)");
            }
        }
        return Optional.empty();
    }

    /** The part that talks to the engines; loaded only once docker-java is known to be there. */
    private static final class Connector {
        static Backend connect(String engine, ContainerOptions options) {
            return ContainerBackend.connect(engine, options);
        }

        static Optional<String> probeDocker(Duration timeout) {
            try (DockerApi api = DockerApi.connect(DockerApi.dockerHost(), timeout)) {
                com.github.dockerjava.api.model.Info info;
                try {
                    info = api.info();
                } catch (RuntimeException e) {
                    return Optional.of("no Docker daemon answers (" + e.getMessage() + "); start one with scripts/setup-docker.sh");
                }
                if (!Boolean.TRUE.equals(info.getExperimentalBuild())) {
                    return Optional.of("the Docker daemon is not in experimental mode, so it cannot checkpoint;"
                            + " run scripts/setup-docker.sh");
                }
                Path containers = Path.of(info.getDockerRootDir(), "containers");
                if (!Files.isWritable(containers)) {
                    return Optional.of("this process cannot write " + containers + " (the backend must run as root on the Docker host)");
                }
                return missingImage(api, "Docker daemon");
            } catch (RuntimeException e) {
                return Optional.of("the docker backend cannot start: " + e.getMessage());
            }
        }

        static Optional<String> probePodman(Duration timeout) {
            try (DockerApi api = DockerApi.connect(PodmanEngine.serviceHost(), timeout)) {
                com.github.dockerjava.api.model.Info info;
                try {
                    info = api.info();
                } catch (RuntimeException e) {
                    return Optional.of("no Podman API service answers at " + PodmanEngine.serviceHost() + " (" + e.getMessage()
                            + "); start one with scripts/setup-docker.sh");
                }
                Path storage = Path.of(info.getDockerRootDir());
                if (!Files.isWritable(storage)) {
                    return Optional.of("this process cannot write " + storage + " (the podman backend must run as root, where the"
                            + " rootful Podman service runs)");
                }
                Optional<String> command = podmanCommand();
                if (command.isPresent()) {
                    return command;
                }
                return missingImage(api, "Podman service");
            } catch (RuntimeException e) {
                return Optional.of("the podman backend cannot start: " + e.getMessage());
            }
        }

        private static Optional<String> podmanCommand() {
            try {
                ProcessBuilder builder = new ProcessBuilder("podman", "--version").redirectErrorStream(true);
                builder.environment().put("PATH", PodmanEngine.commandPath());
                Process process = builder.start();
                process.getInputStream().readAllBytes();
                if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    return Optional.of("the podman command does not answer (podman --version failed)");
                }
                return Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.of("the podman backend needs the podman command on the PATH: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while probing podman");
            }
        }

        private static Optional<String> missingImage(DockerApi api, String daemon) {
            String image = ContainerOptions.defaults(Map.of()).defaultImage();
            if (api.imageId(image).isEmpty()) {
                return Optional.of("the " + daemon + " has no image " + image + "; build it with scripts/setup-docker.sh");
            }
            return Optional.empty();
        }
    }
}
