package dev.sandboxemulator.emulator.backend.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.InvocationBuilder;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.sandboxemulator.emulator.spi.BackendException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The Docker Engine calls the backend makes: docker-java's commands, plus the checkpoint
 * endpoints that docker-java lacks, sent raw through its {@link DockerHttpClient}.
 *
 * <p>Every call is bounded by the transport's response timeout: a CRIU dump that hangs would
 * otherwise leave a container frozen and the caller waiting forever.
 */
final class DockerApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHttpClient http;
    private final DockerClient docker;
    private final String host;
    private final Duration criuTimeout;
    private final ExecutorService criuCalls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-emulator-docker-criu-call");
        thread.setDaemon(true);
        return thread;
    });

    private DockerApi(DockerHttpClient http, DockerClient docker, String host, Duration criuTimeout) {
        this.http = http;
        this.host = host;
        this.docker = docker;
        this.criuTimeout = criuTimeout;
    }

    /** The daemon that {@code DOCKER_HOST} names (the local socket by default). */
    static String dockerHost() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }

    /** A client for the daemon at {@code host} (such as {@code unix:///var/run/docker.sock}). */
    static DockerApi connect(String host, Duration responseTimeout) {
        return connect(host, responseTimeout, Duration.ofSeconds(60));
    }

    /** A client whose checkpoint and restore calls end after {@code criuTimeout}, killing CRIU if it must. */
    static DockerApi connect(String host, Duration responseTimeout, Duration criuTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
        return new DockerApi(http, DockerClientImpl.getInstance(config, http), config.getDockerHost().toString(), criuTimeout);
    }

    /** The daemon's address, such as {@code unix:///var/run/docker.sock}. */
    String host() {
        return host;
    }

    Info info() {
        return call("reading the daemon's info", () -> docker.infoCmd().exec());
    }

    String createContainer(String image, Consumer<CreateContainerCmd> settings) {
        return call("creating a container from " + image, () -> {
            CreateContainerCmd command = docker.createContainerCmd(image);
            settings.accept(command);
            return command.exec().getId();
        });
    }

    void start(String containerId) {
        run("starting container " + short12(containerId), () -> docker.startContainerCmd(containerId).exec());
    }

    void pause(String containerId) {
        run("pausing container " + short12(containerId), () -> docker.pauseContainerCmd(containerId).exec());
    }

    void unpause(String containerId) {
        run("unpausing container " + short12(containerId), () -> docker.unpauseContainerCmd(containerId).exec());
    }

    InspectContainerResponse inspect(String containerId) {
        return call("inspecting container " + short12(containerId), () -> docker.inspectContainerCmd(containerId).exec());
    }

    /** The host pid of a running container's PID 1. */
    int hostPid(String containerId) {
        InspectContainerResponse inspected = inspect(containerId);
        Long pid = inspected.getState() == null ? null : inspected.getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new BackendException("container " + short12(containerId) + " is not running");
        }
        return Math.toIntExact(pid);
    }

    Optional<InspectContainerResponse> inspectIfPresent(String containerId) {
        try {
            return Optional.of(docker.inspectContainerCmd(containerId).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("inspecting container " + short12(containerId), e);
        }
    }

    /** Removes a container, running or not, with its anonymous volumes; a missing one is fine. */
    void removeContainer(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw failure("removing container " + short12(containerId), e);
        }
    }

    /** Commits a container's filesystem as an image, without pausing it (the caller pauses when it must). */
    String commit(String containerId, Map<String, String> labels) {
        return call("committing container " + short12(containerId), () ->
                docker.commitCmd(containerId).withPause(false).withLabels(labels).exec());
    }

    /** Removes an image; false when it is still used by a container or image (try again later). */
    boolean removeImage(String imageId) {
        try {
            docker.removeImageCmd(imageId).withForce(false).withNoPrune(false).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure("removing image " + short12(imageId), e);
        }
    }

    List<Container> containersLabelled(String label) {
        return call("listing containers", () -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(label)).exec());
    }

    List<Image> imagesLabelled(String label) {
        return call("listing images", () -> docker.listImagesCmd().withShowAll(true)
                .withLabelFilter(label).exec());
    }

    Optional<String> imageId(String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("inspecting image " + image, e);
        }
    }

    Statistics stats(String containerId) {
        return call("reading the stats of container " + short12(containerId), () -> {
            InvocationBuilder.AsyncResultCallback<Statistics> callback = new InvocationBuilder.AsyncResultCallback<>();
            docker.statsCmd(containerId).withNoStream(true).exec(callback);
            try {
                return callback.awaitResult();
            } finally {
                callback.close();
            }
        });
    }

    /**
     * {@code POST /containers/{id}/checkpoints}: CRIU dumps the container's processes into
     * {@code <root>/containers/<id>/checkpoints/<checkpointId>}; {@code exit} stops the container after.
     */
    void checkpoint(String containerId, String checkpointId, boolean exit) throws CheckpointFailure {
        ObjectNode body = JSON.createObjectNode().put("CheckpointID", checkpointId).put("Exit", exit);
        bounded(containerId, "POST", "/containers/" + containerId + "/checkpoints", body, "checkpointing container " + short12(containerId));
    }

    /** {@code POST /containers/{id}/start?checkpoint=...}: CRIU restores the checkpoint into the container. */
    void startFromCheckpoint(String containerId, String checkpointId) throws CheckpointFailure {
        bounded(containerId, "POST", "/containers/" + containerId + "/start?checkpoint=" + URLEncoder.encode(checkpointId, StandardCharsets.UTF_8),
                null, "restoring container " + short12(containerId) + " from checkpoint " + checkpointId);
    }

    /**
     * A CRIU call, bounded: over the Unix socket the transport cannot time out a read, and a dump
     * or restore can hang (a dump on a VM without debug registers, a restore of a damaged image).
     * Past {@link #criuTimeout} the CRIU processes of the container are killed, so runc fails and
     * the daemon answers, and the caller gets an error instead of waiting forever.
     */
    private void bounded(String containerId, String method, String path, JsonNode body, String what) throws CheckpointFailure {
        Future<?> call = criuCalls.submit(() -> {
            raw(method, path, body, what);
            return null;
        });
        try {
            call.get(criuTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            AtomicReference<Exception> afterKill = new AtomicReference<>();
            CriuProcesses.Hunt hunt;
            try {
                hunt = CriuProcesses.killUntilTheCallEnds(containerId, () -> {
                    try {
                        call.get(1, TimeUnit.SECONDS);
                        return true;
                    } catch (TimeoutException stillHung) {
                        return false;
                    } catch (ExecutionException | InterruptedException failed) {
                        afterKill.set(failed);
                        return true;
                    }
                });
            } catch (InterruptedException cannotHappen) {
                throw new IllegalStateException("the wait above answers interruptions itself", cannotHappen);
            }
            String outcome = afterKill.get() != null ? " (then: " + causeOf(afterKill.get()) + ")" : "";
            if (!hunt.callEnded()) {
                call.cancel(true);
                outcome = ", and the daemon still did not answer";
            }
            String reason = "CRIU did not finish within " + criuTimeout.toSeconds() + " s; " + hunt.killed() + " CRIU process(es) were killed"
                    + outcome;
            CriuProcesses.removeOrphanedWorkFolders();
            throw new CheckpointFailure(what + " failed: " + reason, reason);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CheckpointFailure) {
                throw (CheckpointFailure) e.getCause();
            }
            throw new CheckpointFailure(what + " failed: " + e.getCause(), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointFailure(what + " was interrupted", "interrupted");
        }
    }

    private static String causeOf(Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        return cause instanceof CheckpointFailure ? ((CheckpointFailure) cause).daemonMessage() : String.valueOf(cause);
    }

    private void raw(String method, String path, JsonNode body, String what) throws CheckpointFailure {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            request.putHeader("Content-Type", "application/json").bodyBytes(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            int status = response.getStatusCode();
            if (status / 100 == 2) {
                return;
            }
            String message = readMessage(response.getBody());
            throw new CheckpointFailure(what + " failed (HTTP " + status + "): " + message, message);
        } catch (CheckpointFailure e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<IOException> noAnswer = noAnswer(e);
            if (noAnswer.isPresent()) {
                String reason = noAnswerReason(noAnswer.get());
                throw new CheckpointFailure(what + " failed: " + reason, reason);
            }
            throw new CheckpointFailure(what + " failed: " + e.getMessage(), String.valueOf(e.getMessage()));
        }
    }

    private static String readMessage(InputStream body) {
        try (body) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            try {
                JsonNode json = JSON.readTree(text);
                if (json != null && json.hasNonNull("message")) {
                    return json.get("message").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return text.strip();
        } catch (IOException e) {
            return "(no readable body: " + e.getMessage() + ")";
        }
    }

    /** A checkpoint or restore call failed; {@link #daemonMessage} is the daemon's own words (with CRIU's log path). */
    static final class CheckpointFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String daemonMessage;

        CheckpointFailure(String message, String daemonMessage) {
            super(message);
            this.daemonMessage = daemonMessage;
        }

        String daemonMessage() {
            return daemonMessage;
        }
    }

    @Override
    public void close() {
        criuCalls.shutdownNow();
        try {
            docker.close();
        } catch (IOException e) {
            // nothing to do: the process is going away
        }
    }

    /** A container or image id as the engines' commands show it (12 hex digits); a name as it is. */
    static String short12(String id) {
        return id.length() > 12 && id.replace("sha256:", "").chars().allMatch(c -> Character.digit(c, 16) >= 0) ? id.substring(0, 12) : id;
    }

    private interface Call<T> {
        T get() throws Exception;
    }

    private interface Action {
        void run() throws Exception;
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    private void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private BackendException failure(String what, Exception e) {
        Optional<IOException> noAnswer = noAnswer(e);
        if (noAnswer.isPresent()) {
            return new NoAnswerException(what + " failed: " + noAnswerReason(noAnswer.get()), e);
        }
        String detail = e instanceof DockerException ? e.getMessage().strip() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new BackendException(what + " failed: " + detail, e);
    }

    /**
     * The I/O failure below {@code e}, when the daemon could not be reached or dropped the call (it
     * stopped, or is restarting); an answer the daemon gave (an HTTP error) is no such failure.
     */
    static Optional<IOException> noAnswer(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DockerException) {
                return Optional.empty();
            }
            if (cause instanceof IOException) {
                return Optional.of((IOException) cause);
            }
        }
        return Optional.empty();
    }

    /** Says plainly that the daemon does not answer, rather than the transport's exception. */
    String noAnswerReason(IOException cause) {
        return "the daemon at " + host + " does not answer (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + "); it may be stopped or restarting";
    }

    /** A call failed because the daemon did not answer: worth trying again once it is back. */
    static final class NoAnswerException extends BackendException {
        private static final long serialVersionUID = 1L;

        NoAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
