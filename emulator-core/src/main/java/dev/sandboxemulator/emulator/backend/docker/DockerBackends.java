package dev.sandboxemulator.emulator.backend.docker;

import dev.sandboxemulator.emulator.spi.Backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The way in to the docker backend for code that must not touch docker-java before knowing it is
 * there: docker-java is an optional dependency, so this class names none of its types.
 */
public final class DockerBackends {
    private static final String DOCKER_JAVA_CLASS = "com.github.dockerjava.core.DockerClientImpl";
    private static final String HTTP_TRANSPORT_CLASS = "com.github.dockerjava.httpclient5.ApacheDockerHttpClient";
    private static volatile Optional<String> probed;

    private DockerBackends() {
    }

    /**
     * Why the docker backend cannot run here, or empty when it can: docker-java on the classpath,
     * a Linux host, a reachable experimental daemon on this host whose folders this process may
     * write (the backend copies checkpoints there), and the default template's image. Probed once
     * per JVM.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> result = probed;
        if (result == null) {
            synchronized (DockerBackends.class) {
                result = probed;
                if (result == null) {
                    result = probe();
                    probed = result;
                }
            }
        }
        return result;
    }

    /** A docker backend with the default template images plus {@code templateImages}. */
    public static Backend create(Map<String, String> templateImages) {
        missingLibrary().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return new DockerBackend(DockerOptions.defaults(templateImages));
    }

    private static Optional<String> probe() {
        Optional<String> missing = missingLibrary();
        if (missing.isPresent()) {
            return missing;
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("the docker backend needs a Linux host (CRIU, and direct access to Docker's folders)");
        }
        return DaemonProbe.check(Duration.ofSeconds(10));
    }

    private static Optional<String> missingLibrary() {
        ClassLoader loader = DockerBackends.class.getClassLoader();
        for (String name : new String[] {DOCKER_JAVA_CLASS, HTTP_TRANSPORT_CLASS}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of("the docker backend needs docker-java on the classpath: add"
                        + " com.github.docker-java:docker-java-core and docker-java-transport-httpclient5 (3.7.x)");
            }
        }
        return Optional.empty();
    }

    /** The part of the probe that talks to the daemon; loaded only once docker-java is known to be there. */
    private static final class DaemonProbe {
        static Optional<String> check(Duration timeout) {
            try (DockerApi api = DockerApi.connect(timeout)) {
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
                String image = DockerOptions.defaults(Map.of()).defaultImage();
                if (api.imageId(image).isEmpty()) {
                    return Optional.of("the Docker daemon has no image " + image + "; build it with scripts/setup-docker.sh");
                }
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of("the docker backend cannot start: " + e.getMessage());
            }
        }
    }
}
