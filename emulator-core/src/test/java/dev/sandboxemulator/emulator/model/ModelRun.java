package dev.sandboxemulator.emulator.model;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CommandExitException;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.client.SandboxTimeoutException;
import dev.sandboxemulator.emulator.EmulatorErrorLog;
import dev.sandboxemulator.emulator.SandboxEmulator;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One run of the model test: a real emulator (over HTTP, through our client) and a {@link ServiceModel},
 * driven side by side. Every operation sends the request, says what the model expects the answer to be,
 * checks the answer, and then moves the model as the service must have moved. {@link #checkAgreement()}
 * then compares everything observable with the model.
 *
 * <p>The emulator runs on a manual clock whatever its backend, so that end times are exact and time
 * moves only when the run says so (the container backends measure only their processes' lifetimes in
 * wall-clock time, and the commands here are short).
 */
final class ModelRun implements AutoCloseable {

    /** An id of the right shape that the emulator never issues. */
    static final String UNKNOWN_ID = "i0000000000000000000z";
    /** The reference to {@link #UNKNOWN_ID}. */
    static final int NEVER_ISSUED = -1;

    /** The files the runs write; few, so that reads and overwrites hit existing files often. */
    static final List<String> PATHS = List.of("/home/user/notes.txt", "/home/user/state.txt", "/tmp/scratch.txt");

    /** Started before the emulator, so that whatever it logs as an error during the run fails the run. */
    private final EmulatorErrorLog errors = EmulatorErrorLog.start();
    private final SandboxEmulator emulator;
    private final SandboxClient client;
    private final ServiceModel model;
    private final boolean inspectFilesDirectly;
    private final HttpClient http = HttpClient.newHttpClient();
    /** A handle for every sandbox ever made, live or not, so that calls can target gone sandboxes too. */
    private final Map<String, Sandbox> handles = new LinkedHashMap<>();

    /**
     * @param inspectFilesDirectly whether {@link #checkAgreement()} also reads every file of every sandbox
     *     through the emulator's own API: cheap on the simulated backend, and the check that clones are
     *     independent of each other at every step
     */
    ModelRun(String backend, int quota, boolean inspectFilesDirectly) {
        this.emulator = SandboxEmulator.builder().backend(backend).manualClock().runningQuota(quota)
                .idSeed(1).start();
        this.client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                .apiKey(emulator.apiKey()).build();
        this.model = new ServiceModel(quota, emulator.clock().instant());
        this.inspectFilesDirectly = inspectFilesDirectly;
    }

    /**
     * Starts the run with one sandbox that holds a file, so that even a short sequence has something to
     * pause, clone and read from its first step.
     */
    ModelRun withOneSandbox() {
        try {
            create(600, Lifecycle.killOnTimeout());
            write(handles.keySet().iterator().next(), PATHS.get(0), "seeded");
            return this;
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    ServiceModel model() {
        return model;
    }

    /**
     * References a call may target: {@link #NEVER_ISSUED} and the index of every sandbox ever made (live
     * or gone), in the order they were made. Actions hold references rather than ids, so that a chain
     * replayed while jqwik shrinks it still means "the third sandbox made", whatever its id.
     */
    List<Integer> targets() {
        List<Integer> targets = new ArrayList<>(made());
        targets.add(NEVER_ISSUED);
        return targets;
    }

    /** References to the sandboxes that exist now (running or paused). */
    List<Integer> live() {
        List<String> ids = new ArrayList<>(handles.keySet());
        List<Integer> live = new ArrayList<>();
        for (int index = 0; index < ids.size(); index++) {
            if (model.box(ids.get(index)).isPresent()) {
                live.add(index);
            }
        }
        return live;
    }

    /** References to every sandbox ever made, which have a data-plane handle. */
    List<Integer> made() {
        List<Integer> made = new ArrayList<>();
        for (int index = 0; index < handles.size(); index++) {
            made.add(index);
        }
        return made;
    }

    /** The id a reference names in this run: empty for an index past what this run has made. */
    Optional<String> resolve(int reference) {
        if (reference == NEVER_ISSUED) {
            return Optional.of(UNKNOWN_ID);
        }
        return reference < handles.size() ? Optional.of(new ArrayList<>(handles.keySet()).get(reference)) : Optional.empty();
    }

    // ---- control plane ------------------------------------------------------------------------

    void create(long timeoutSeconds, Lifecycle lifecycle) {
        CreateSandboxRequest request = CreateSandboxRequest.builder().timeout(Duration.ofSeconds(timeoutSeconds))
                .lifecycle(lifecycle).build();
        if (!model.canStartOne()) {
            expectFailure(429, RateLimitException.class, () -> client.create(request));
            return;
        }
        Sandbox sandbox = client.create(request);
        outcome("created");
        handles.put(sandbox.id(), sandbox);
        model.created(sandbox.id(), timeoutSeconds, lifecycle.onTimeout() == Lifecycle.OnTimeout.PAUSE,
                lifecycle.autoResume());
    }

    void kill(String id) {
        boolean exists = model.box(id).isPresent();
        assertThat(client.kill(id)).as("kill %s answers whether it existed (a 404 is false)", id).isEqualTo(exists);
        if (exists) {
            model.killed(id);
        }
    }

    void pause(String id) {
        Optional<ServiceModel.Box> box = model.box(id);
        if (box.isEmpty()) {
            expectFailure(404, SandboxNotFoundException.class, () -> client.pause(id));
            return;
        }
        boolean wasRunning = box.get().running;
        assertThat(client.pause(id)).as("pause %s answers true, or false (409) when already paused", id).isEqualTo(wasRunning);
        model.paused(id);
    }

    void connect(String id, long timeoutSeconds) {
        Optional<ServiceModel.Box> box = model.box(id);
        if (box.isEmpty()) {
            expectFailure(404, SandboxNotFoundException.class, () -> client.connect(id, Duration.ofSeconds(timeoutSeconds)));
            return;
        }
        if (!box.get().running && !model.canStartOne()) {
            expectFailure(429, RateLimitException.class, () -> client.connect(id, Duration.ofSeconds(timeoutSeconds)));
            return;
        }
        outcome(box.get().running ? "connected to a running sandbox" : "resumed");
        assertThat(client.connect(id, Duration.ofSeconds(timeoutSeconds)).id()).isEqualTo(id);
        model.connected(id, timeoutSeconds);
    }

    void setTimeout(String id, long timeoutSeconds) {
        if (model.box(id).isEmpty()) {
            expectFailure(404, SandboxNotFoundException.class, () -> {
                client.setTimeout(id, Duration.ofSeconds(timeoutSeconds));
                return null;
            });
            return;
        }
        client.setTimeout(id, Duration.ofSeconds(timeoutSeconds));
        model.timeoutSet(id, timeoutSeconds);
    }

    void clone(String id, int count, boolean strict, Optional<Long> timeoutSeconds) {
        CloneRequest.Builder builder = CloneRequest.builder().count(count).strict(strict);
        timeoutSeconds.ifPresent(t -> builder.timeout(Duration.ofSeconds(t)));
        CloneRequest request = builder.build();
        if (model.box(id).isEmpty()) {
            expectFailure(404, SandboxNotFoundException.class, () -> client.clone(id, request));
            return;
        }
        if (count > model.quotaLeft()) {
            // Refused before anything is made, strict or not.
            expectFailure(429, RateLimitException.class, () -> client.clone(id, request));
            return;
        }
        CloneResult result = client.clone(id, request);
        outcome(model.box(id).get().running ? "cloned a running sandbox" : "cloned a paused sandbox");
        assertThat(result.count()).as("clones made of %s", id).isEqualTo(count);
        long lifetime = model.cloneTimeoutSeconds(id, timeoutSeconds);
        for (Sandbox copy : result.sandboxes()) {
            assertThat(copy.id()).isNotEqualTo(id).doesNotContain("-");
            assertThat(handles).doesNotContainKey(copy.id());
            handles.put(copy.id(), copy);
            model.cloned(id, copy.id(), lifetime);
        }
    }

    /**
     * Lists in pages of {@code limit}, optionally of one state: every page together holds exactly the
     * model's sandboxes of that state, in the order they were made, each once.
     */
    void listInPages(int limit, Optional<SandboxState> state) {
        ListSandboxesRequest.Builder request = ListSandboxesRequest.builder().limit(limit);
        state.ifPresent(request::states);
        List<String> listed = client.listAll(request.build()).map(SandboxInfo::sandboxId).collect(Collectors.toList());
        List<String> expected = model.boxes().stream()
                .filter(box -> state.isEmpty() || box.running == (state.get() == SandboxState.RUNNING))
                .map(box -> box.id).collect(Collectors.toList());
        assertThat(listed).as("pages of %d of %s sandboxes", limit, state.map(Object::toString).orElse("all"))
                .containsExactlyElementsOf(expected);
    }

    /** Requests our client refuses to send, sent by hand: each must be a 400 that changes nothing. */
    void sendInvalid(String id, InvalidRequest invalid) {
        int status = post("/sandboxes/" + id + invalid.path, invalid.body);
        if (invalid.checkedBeforeTheSandbox || model.box(id).isPresent()) {
            assertThat(status).as("%s to %s", invalid, id).isEqualTo(400);
        } else {
            assertThat(status).as("%s to %s", invalid, id).isIn(400, 404);
        }
    }

    /** Bodies that a well-behaved client never sends. */
    enum InvalidRequest {
        CLONE_COUNT_ZERO("/clone", "{\"count\":0}", true),
        CLONE_COUNT_NEGATIVE("/clone", "{\"count\":-3}", true),
        CLONE_TIMEOUT_NEGATIVE("/clone", "{\"count\":1,\"timeout\":-1}", true),
        SET_TIMEOUT_NEGATIVE("/timeout", "{\"timeout\":-1}", false),
        SET_TIMEOUT_MISSING("/timeout", "{}", true),
        CONNECT_TIMEOUT_NEGATIVE("/connect", "{\"timeout\":-10}", false);

        final String path;
        final String body;
        /** Whether the service refuses it even for an unknown sandbox (else a 404 may come first). */
        final boolean checkedBeforeTheSandbox;

        InvalidRequest(String path, String body, boolean checkedBeforeTheSandbox) {
            this.path = path;
            this.body = body;
            this.checkedBeforeTheSandbox = checkedBeforeTheSandbox;
        }
    }

    void advanceClock(Duration by) {
        int before = model.boxes().size() + model.running();
        model.advance(by);
        if (model.boxes().size() + model.running() < before) {
            outcome("timeouts passed");
        }
        emulator.manualClock().advance(by);
    }

    // ---- data plane ---------------------------------------------------------------------------

    void write(String id, String path, String content) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, 502, SandboxTimeoutException.class, () -> sandbox.files().write(path, content))) {
            return;
        }
        sandbox.files().write(path, content);
        outcome("wrote a file");
        model.written(id, path, content);
    }

    /** Removes a file; removing one that is not there succeeds too, as envd's does. */
    void remove(String id, String path) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, 502, SandboxTimeoutException.class, () -> {
            sandbox.files().remove(path);
            return null;
        })) {
            return;
        }
        outcome("removed a file");
        sandbox.files().remove(path);
        model.removed(id, path);
    }

    /** Moves a file onto another path, replacing what was there; a missing source is not found. */
    void rename(String id, String from, String to) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, 502, SandboxTimeoutException.class, () -> sandbox.files().rename(from, to))) {
            return;
        }
        if (model.file(id, from).isEmpty()) {
            expectFailure(404, PathNotFoundException.class, () -> sandbox.files().rename(from, to));
            return;
        }
        outcome("renamed a file");
        assertThat(sandbox.files().rename(from, to).path()).isEqualTo(to);
        model.renamed(id, from, to);
    }

    /** Writes a file from a command: {@code printf %s CONTENT > PATH}. */
    void printfInto(String id, String path, String content) {
        Sandbox sandbox = handles.get(id);
        String command = "printf %s " + content + " > " + path;
        if (!served(id, IN_STREAM, SandboxNotFoundException.class, () -> sandbox.commands().run(command))) {
            return;
        }
        outcome("wrote a file from a command");
        assertThat(sandbox.commands().run(command).exitCode()).isZero();
        model.written(id, path, content);
    }

    void read(String id, String path) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, 502, SandboxTimeoutException.class, () -> sandbox.files().readText(path))) {
            return;
        }
        Optional<String> expected = model.file(id, path);
        if (expected.isEmpty()) {
            expectFailure(404, PathNotFoundException.class, () -> sandbox.files().readText(path));
            return;
        }
        outcome("read a file");
        assertThat(sandbox.files().readText(path)).as("%s of %s", path, id).isEqualTo(expected.get());
    }

    /**
     * Runs {@code cat path}: the file's content, or exit 1 when there is none. A sandbox that is not
     * running refuses the command's start, which the client reports as not found.
     */
    void cat(String id, String path) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, IN_STREAM, SandboxNotFoundException.class, () -> sandbox.commands().run("cat " + path))) {
            return;
        }
        Optional<String> expected = model.file(id, path);
        if (expected.isEmpty()) {
            try {
                sandbox.commands().run("cat " + path);
                fail("cat of the missing %s in %s succeeded", path, id);
            } catch (CommandExitException e) {
                assertThat(e.exitCode()).isEqualTo(1);
                assertThat(e.stdout()).isEmpty();
            }
            return;
        }
        outcome("ran cat");
        CommandResult result = sandbox.commands().run("cat " + path);
        assertThat(result.stdout()).as("cat %s in %s", path, id).isEqualTo(expected.get());
    }

    void echo(String id, String word) {
        Sandbox sandbox = handles.get(id);
        if (!served(id, IN_STREAM, SandboxNotFoundException.class, () -> sandbox.commands().run("echo " + word))) {
            return;
        }
        assertThat(sandbox.commands().run("echo " + word).stdout()).isEqualTo(word + "\n");
    }

    /**
     * Whether a data-plane call to {@code id} is served (the model wakes an auto-resuming sandbox); when it
     * is not, makes {@code call} and checks that it fails as a sandbox that is not running does, with
     * {@code status} and {@code type}, or, when waking it would pass the quota, with a 429
     * ({@code resource_exhausted}).
     */
    private boolean served(String id, int status, Class<? extends SandboxException> type, Supplier<?> call) {
        boolean paused = model.box(id).map(box -> !box.running).orElse(false);
        switch (model.access(id)) {
            case SERVED -> {
                if (paused) {
                    outcome("auto-resumed");
                }
                return true;
            }
            case NOT_RUNNING -> expectFailure(status, type, call);
            case OVER_QUOTA -> {
                outcome("auto-resume refused over the quota");
                try {
                    Object answer = call.get();
                    fail("auto-resuming %s over the quota answered %s", id, answer);
                } catch (SandboxException e) {
                    assertThat(e.getClass()).as("the failure %s", e).isEqualTo(SandboxException.class);
                    assertThat(e.statusCode() == 429 || e.getMessage().startsWith("resource_exhausted"))
                            .as("a 429 or resource_exhausted: %s (%d)", e.getMessage(), e.statusCode()).isTrue();
                }
            }
        }
        return false;
    }

    // ---- agreement ----------------------------------------------------------------------------

    /**
     * Everything observable agrees with the model: the list (ids, states, end times), a {@code get} of
     * every sandbox, the quota endpoint's usage, the emulator's own count; with direct inspection, every
     * file of every running sandbox.
     */
    void checkAgreement() {
        model.expire();
        Map<String, SandboxInfo> listed = client.listAll(ListSandboxesRequest.ALL)
                .collect(Collectors.toMap(SandboxInfo::sandboxId, info -> info, (a, b) -> fail("listed twice: %s", a),
                        LinkedHashMap::new));
        Map<String, String> expected = new LinkedHashMap<>();
        model.boxes().forEach(box -> expected.put(box.id, describe(box.running, box.endAt.toString())));
        Map<String, String> actual = new LinkedHashMap<>();
        listed.values().forEach(info -> actual.put(info.sandboxId(),
                describe(info.state() == SandboxState.RUNNING, info.endAt().toString())));
        assertThat(actual).as("the listed sandboxes (%s)", model).isEqualTo(expected);
        assertThat(client.getQuota().usage().concurrentInstances()).as("the quota endpoint's running count")
                .isEqualTo(model.running());
        assertThat(emulator.runningCount()).as("the emulator's running count").isEqualTo(model.running());
        assertThat(emulator.sandboxIds()).as("the emulator's sandboxes").containsExactlyInAnyOrderElementsOf(expected.keySet());
        if (inspectFilesDirectly) {
            for (ServiceModel.Box box : model.boxes()) {
                Map<String, String> files = new LinkedHashMap<>();
                for (String path : PATHS) {
                    if (emulator.fileSystem(box.id).stat(path).isPresent()) {
                        files.put(path, new String(emulator.fileSystem(box.id).read(path), StandardCharsets.UTF_8));
                    }
                }
                assertThat(files).as("the files of %s", box.id).isEqualTo(box.files);
            }
        }
    }

    private static String describe(boolean running, String endAt) {
        return (running ? "running" : "paused") + " until " + endAt;
    }

    /**
     * Counts what the steps led to (jqwik prints the table with the report), so that a change that
     * stops the sequences from reaching, say, the quota shows up.
     */
    private static void outcome(String kind) {
        Statistics.label("outcomes").collect(kind);
    }

    /** The status of a failure that a stream's end message carried, which has no HTTP status of its own. */
    private static final int IN_STREAM = SandboxException.NO_STATUS;

    private static void expectFailure(int status, Class<? extends SandboxException> type, Supplier<?> call) {
        outcome(type.getSimpleName());
        try {
            Object answer = call.get();
            fail("expected %s (%d) but the call answered %s", type.getSimpleName(), status, answer);
        } catch (SandboxException e) {
            assertThat(e).as("the failure").isInstanceOf(type);
            assertThat(e.statusCode()).as("the status of %s", e.getMessage()).isEqualTo(status);
        }
    }

    private int post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.apiUrl() + path))
                .header("X-API-KEY", emulator.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        emulator.close();
        List<String> logged = errors.stop();
        if (!logged.isEmpty()) {
            throw new AssertionError("the emulator logged " + logged.size() + " error(s) during the run:\n"
                    + String.join("\n", logged));
        }
    }

    @Override
    public String toString() {
        return emulator.backendName() + " run: " + model;
    }
}
