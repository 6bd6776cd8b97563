package dev.sandboxemulator.emulator.behaviour;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CommandExitException;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.FileOptions;
import dev.sandboxemulator.client.FileType;
import dev.sandboxemulator.client.FilesystemEvent;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.client.SandboxTimeoutException;
import dev.sandboxemulator.client.WatchHandle;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a sandbox does, whichever backend makes it: one behavioural contract, run unchanged against the
 * simulated backend ({@link SimulatedSandboxBehaviourTest}) and the docker backend
 * ({@link DockerSandboxBehaviourTest}), over real HTTP through our client.
 *
 * <p>Rules that keep the same source valid on both backends:
 * <ul>
 *   <li>real wall-clock time (the docker backend runs real processes), so waits are bounded polls and
 *       time assertions have a tolerance;</li>
 *   <li>the client's default template, the default user {@code user} (home {@code /home/user}) and
 *       {@code root};</li>
 *   <li>only shell features that {@code docs/simulated-shell.md} lists, and only output both bash and the
 *       simulated shell print the same way (no {@code id -un}, no {@code hostname}, no {@code ls -l});</li>
 *   <li>where the backends may legitimately differ (extra inotify events, exit code of a killed
 *       process), only what both must do is asserted;</li>
 *   <li>the real identity of a command ({@code whoami}, the owner of the files it makes) is asserted only
 *       where the backend switches users: the docker backend runs every process as root on hosts that
 *       withhold CAP_SYS_RESOURCE from CRIU (see {@link #whyCommandsCannotSwitchUsers()}).</li>
 * </ul>
 *
 * <p>One emulator serves a whole test class (docker sandboxes are slow to make); after each test every
 * sandbox it left is killed. Clone counts stay at 2 or 3 so that the docker run stays short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoEmulatorErrorsExtension.class)
public abstract class SandboxBehaviourContract {

    /** Low enough that a clone beyond it is cheap to provoke, high enough for every test here. */
    static final int RUNNING_QUOTA = 6;

    /** How long to wait for anything asynchronous (a container is slower than the JVM). */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Slack for instants the server computes from its own clock. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String backend;
    private List<String> hostResourcesBefore = List.of();
    private SandboxEmulator emulator;
    private SandboxClient client;

    protected SandboxBehaviourContract(String backend) {
        this.backend = backend;
    }

    /**
     * Returns normally when the backend can run on this machine; otherwise skips or fails the class.
     * Called before the emulator starts.
     */
    protected abstract void requireBackend();

    /**
     * Why this backend, on this machine, runs every command with one identity whatever its user (the
     * environment still names the user), or empty when commands really run as their user.
     */
    protected Optional<String> whyCommandsCannotSwitchUsers() {
        return Optional.empty();
    }

    /**
     * What the backend has outside this JVM that it could leave behind (containers, images,
     * checkpoints, temporary copies), one line each; the suite ends with none of its own left. Empty
     * for a backend that keeps everything in the JVM.
     */
    protected List<String> hostResources() {
        return List.of();
    }

    @BeforeAll
    void startEmulator() {
        requireBackend();
        hostResourcesBefore = hostResources();
        emulator = SandboxEmulator.builder().backend(backend).runningQuota(RUNNING_QUOTA).start();
        client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                .apiKey(emulator.apiKey()).build();
        assertThat(emulator.backendName()).isEqualTo(backend);
    }

    @AfterEach
    void killTheSandboxesThisTestMade() {
        if (emulator == null) {
            return;
        }
        // Tests of one class run one at a time, so everything the emulator holds now was made by this test.
        RuntimeException failed = null;
        for (String id : emulator.sandboxIds()) {
            try {
                client.kill(id);
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        assertThat(emulator.sandboxIds()).as("sandboxes left after killing them").isEmpty();
    }

    @AfterAll
    void stopEmulatorAndCheckNothingIsLeftBehind() {
        if (emulator != null) {
            emulator.close();
            List<String> left = new ArrayList<>(hostResources());
            left.removeAll(hostResourcesBefore);
            assertThat(left).as("what the %s backend left behind after the suite", backend).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lifecycle

    @Test
    void aNewSandboxRunsTheDefaultTemplateWithItsMetadataTimeoutAndEnvVars() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder()
                .timeout(Duration.ofMinutes(3))
                .putMetadata("suite", "behaviour")
                .putMetadata("case", "create")
                .putEnv("STAGE", "contract")
                .build());

        SandboxInfo info = sandbox.info();
        assertThat(info.sandboxId()).isEqualTo(sandbox.id());
        assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
        assertThat(info.templateId()).isEqualTo(CreateSandboxRequest.DEFAULT_TEMPLATE);
        assertThat(info.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("suite", "behaviour", "case", "create"));
        assertLifetime(info, Duration.ofMinutes(3));
        assertThat(sandbox.isRunning()).isTrue();
        assertThat(sandbox.commands().run("echo \"$STAGE\"").stdout()).isEqualTo("contract\n");
    }

    @Test
    void aSandboxIsListedWithItsMetadataAndFoundByIdOrByConnecting() {
        Sandbox wanted = client.create(CreateSandboxRequest.builder().putMetadata("role", "wanted").build());
        Sandbox other = client.create(CreateSandboxRequest.builder().putMetadata("role", "other").build());

        assertThat(client.list().sandboxes()).extracting(SandboxInfo::sandboxId).contains(wanted.id(), other.id());
        assertThat(client.list(ListSandboxesRequest.builder().putMetadata("role", "wanted").build()).sandboxes())
                .singleElement()
                .satisfies(listed -> {
                    assertThat(listed.sandboxId()).isEqualTo(wanted.id());
                    assertThat(listed.state()).isEqualTo(SandboxState.RUNNING);
                    assertThat(listed.metadata()).containsEntry("role", "wanted");
                });
        assertThat(client.getInfo(wanted.id()).metadata()).containsEntry("role", "wanted");
        Sandbox connected = client.connect(wanted.id());
        assertThat(connected.id()).isEqualTo(wanted.id());
        assertThat(connected.info().state()).isEqualTo(SandboxState.RUNNING);
    }

    @Test
    void setTimeoutMovesTheEndTimeToThatLongFromNow() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());

        Instant before = Instant.now();
        sandbox.setTimeout(Duration.ofMinutes(2));
        Instant after = Instant.now();

        assertThat(sandbox.info().endAt()).isBetween(
                before.plus(Duration.ofMinutes(2)).minus(CLOCK_SLACK), after.plus(Duration.ofMinutes(2)).plus(CLOCK_SLACK));
        assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
    }

    @Test
    void aKilledSandboxIsGoneFromTheControlPlaneAndTheDataPlane() {
        Sandbox sandbox = client.create();
        sandbox.files().write("doomed.txt", "soon gone");

        assertThat(sandbox.kill()).isTrue();

        assertThatThrownBy(sandbox::info).isInstanceOf(SandboxNotFoundException.class);
        assertThatThrownBy(() -> client.connect(sandbox.id())).isInstanceOf(SandboxNotFoundException.class);
        assertThat(client.list().sandboxes()).extracting(SandboxInfo::sandboxId).doesNotContain(sandbox.id());
        assertThat(sandbox.kill()).as("killing it again").isFalse();
        assertThat(sandbox.isRunning()).isFalse();
        assertThatThrownBy(() -> sandbox.files().readText("doomed.txt")).isInstanceOf(SandboxTimeoutException.class);
    }

    @Test
    void aPausedSandboxKeepsItsFilesButItsDataPlaneIsUnavailableUntilConnectResumesIt() {
        Sandbox sandbox = client.create();
        sandbox.files().write("kept.txt", "still here");

        assertThat(sandbox.pause()).isTrue();

        assertThat(sandbox.info().state()).isEqualTo(SandboxState.PAUSED);
        assertThat(sandbox.pause()).as("pausing it again").isFalse();
        assertThat(client.list(ListSandboxesRequest.builder().states(SandboxState.PAUSED).build()).sandboxes())
                .extracting(SandboxInfo::sandboxId).containsExactly(sandbox.id());
        assertThat(sandbox.isRunning()).isFalse();
        assertThatThrownBy(() -> sandbox.files().readText("kept.txt")).isInstanceOf(SandboxTimeoutException.class);
        // Our client, like the SDK, reports an unavailable process stream as a missing sandbox.
        assertThatThrownBy(() -> sandbox.commands().run("echo hello")).isInstanceOf(SandboxNotFoundException.class);

        Sandbox resumed = client.connect(sandbox.id());

        assertThat(resumed.info().state()).isEqualTo(SandboxState.RUNNING);
        assertThat(resumed.isRunning()).isTrue();
        assertThat(resumed.files().readText("kept.txt")).isEqualTo("still here");
        assertThat(resumed.commands().run("cat kept.txt").stdout()).isEqualTo("still here");
    }

    @Test
    void aProcessRunningWhenItsSandboxIsPausedRunsOnAfterItIsResumed() {
        Sandbox sandbox = client.create();
        int sleeper;
        try (CommandHandle handle = sandbox.commands().start("sleep 600", longRunning())) {
            sleeper = handle.pid();
        }

        sandbox.pause();
        Sandbox resumed = client.connect(sandbox.id());

        assertThat(resumed.commands().list()).filteredOn(p -> p.pid() == sleeper).singleElement()
                .satisfies(p -> assertThat(p.args()).last().isEqualTo("sleep 600"));
        assertThat(resumed.commands().kill(sleeper)).isTrue();
    }

    @Test
    void aPausedSandboxWithAutoResumeWakesOnItsNextDataPlaneRequest() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().lifecycle(Lifecycle.pauseOnTimeout(true)).build());
        sandbox.files().write("kept.txt", "still here");
        sandbox.pause();
        assertThat(sandbox.info().state()).isEqualTo(SandboxState.PAUSED);

        assertThat(sandbox.files().readText("kept.txt")).isEqualTo("still here");

        assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Files

    @Test
    void textAndBytesRoundTripAndRelativePathsResolveAgainstTheHomeDirectory() {
        Sandbox sandbox = client.create();
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }

        assertThat(sandbox.files().write("notes/today.txt", "grüße\nline two\n").path())
                .isEqualTo("/home/user/notes/today.txt");
        sandbox.files().write("/tmp/every-byte.bin", everyByte);

        assertThat(sandbox.files().readText("/home/user/notes/today.txt")).isEqualTo("grüße\nline two\n");
        assertThat(sandbox.files().readBytes("/tmp/every-byte.bin")).isEqualTo(everyByte);
        assertThat(sandbox.commands().run("cat notes/today.txt").stdout()).isEqualTo("grüße\nline two\n");
        assertThat(sandbox.commands().run("wc -c < /tmp/every-byte.bin").stdout().trim()).isEqualTo("256");
    }

    @Test
    void listingADirectoryReportsEachEntrysNameTypeAndPathToTheAskedDepth() {
        Sandbox sandbox = client.create();
        sandbox.files().write("listing/a.txt", "A");
        sandbox.files().write("listing/sub/deep.txt", "deep");

        List<EntryInfo> shallow = sandbox.files().list("listing");
        List<EntryInfo> deep = sandbox.files().list("/home/user/listing", 2);

        assertThat(shallow).extracting(e -> e.name() + " " + e.type() + " " + e.path())
                .containsExactlyInAnyOrder(
                        "a.txt FILE /home/user/listing/a.txt",
                        "sub DIRECTORY /home/user/listing/sub");
        assertThat(deep).extracting(EntryInfo::path)
                .containsExactlyInAnyOrder(
                        "/home/user/listing/a.txt", "/home/user/listing/sub", "/home/user/listing/sub/deep.txt");
    }

    @Test
    void getInfoReportsSizeOwnerModeAndModificationTime() {
        Sandbox sandbox = client.create();
        Instant before = Instant.now().minus(CLOCK_SLACK);
        sandbox.files().write("stat/hello.txt", "hello, world");
        Instant after = Instant.now().plus(CLOCK_SLACK);

        EntryInfo file = sandbox.files().getInfo("stat/hello.txt");
        EntryInfo directory = sandbox.files().getInfo("/home/user/stat");

        assertThat(file.name()).isEqualTo("hello.txt");
        assertThat(file.path()).isEqualTo("/home/user/stat/hello.txt");
        assertThat(file.type()).isEqualTo(FileType.FILE);
        assertThat(file.size()).isEqualTo(12);
        assertThat(file.owner()).isEqualTo("user");
        assertThat(file.group()).isEqualTo("user");
        assertThat(file.mode() & 0777).isEqualTo(0644);
        assertThat(file.permissions()).endsWith("rw-r--r--");
        assertThat(file.modifiedTime()).isBetween(before, after);
        assertThat(directory.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(directory.owner()).isEqualTo("user");
        assertThat(directory.mode() & 0777).isEqualTo(0755);
        assertThat(sandbox.files().getInfo("/").type()).as("the root").isEqualTo(FileType.DIRECTORY);
        assertThat(sandbox.files().list("/")).extracting(EntryInfo::name).contains("home", "tmp");
    }

    @Test
    void makeDirCreatesMissingParentsAndSaysWhetherItMadeAnything() {
        Sandbox sandbox = client.create();

        assertThat(sandbox.files().makeDir("made/nested/deeper")).isTrue();
        assertThat(sandbox.files().makeDir("made/nested/deeper")).isFalse();

        assertThat(sandbox.files().getInfo("/home/user/made/nested").type()).isEqualTo(FileType.DIRECTORY);
        assertThat(sandbox.files().list("made/nested/deeper")).isEmpty();
        assertThat(sandbox.commands().run("test -d /home/user/made/nested/deeper && echo yes").stdout()).isEqualTo("yes\n");
    }

    @Test
    void renameMovesFilesAndWholeDirectoriesWithTheirContents() {
        Sandbox sandbox = client.create();
        sandbox.files().write("before/inside.txt", "inside");
        sandbox.files().write("single.txt", "single");

        EntryInfo movedFile = sandbox.files().rename("single.txt", "/tmp/elsewhere/renamed.txt");
        EntryInfo movedDir = sandbox.files().rename("before", "after");

        assertThat(movedFile.path()).isEqualTo("/tmp/elsewhere/renamed.txt");
        assertThat(movedFile.type()).isEqualTo(FileType.FILE);
        assertThat(movedDir.path()).isEqualTo("/home/user/after");
        assertThat(movedDir.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(sandbox.files().readText("/tmp/elsewhere/renamed.txt")).isEqualTo("single");
        assertThat(sandbox.files().readText("after/inside.txt")).isEqualTo("inside");
        assertThat(sandbox.files().exists("single.txt")).isFalse();
        assertThat(sandbox.files().exists("before")).isFalse();
    }

    @Test
    void removeDeletesAFileOrAWholeTreeAndIgnoresWhatIsAlreadyGone() {
        Sandbox sandbox = client.create();
        sandbox.files().write("tree/a/b/leaf.txt", "leaf");
        sandbox.files().write("lonely.txt", "lonely");

        sandbox.files().remove("lonely.txt");
        sandbox.files().remove("/home/user/tree");
        sandbox.files().remove("never-existed.txt");

        assertThat(sandbox.files().exists("lonely.txt")).isFalse();
        assertThat(sandbox.files().exists("tree")).isFalse();
        assertThat(sandbox.files().exists("/home/user")).isTrue();
        assertThat(sandbox.commands().run("ls /home/user/tree || echo gone").stdout()).endsWith("gone\n");
    }

    @Test
    void filesWrittenAsRootGoToRootsHomeAndAreOwnedByRoot() {
        Sandbox sandbox = client.create();

        sandbox.files().write("config.txt", "root's", FileOptions.asUser("root"));
        sandbox.files().write("/tmp/by-root.txt", "root's", FileOptions.asUser("root"));
        sandbox.files().write("/tmp/by-user.txt", "user's");

        assertThat(sandbox.files().getInfo("/root/config.txt").owner()).isEqualTo("root");
        assertThat(sandbox.files().readText("/root/config.txt", FileOptions.asUser("root"))).isEqualTo("root's");
        assertThat(sandbox.files().getInfo("/tmp/by-root.txt").owner()).isEqualTo("root");
        assertThat(sandbox.files().getInfo("/tmp/by-user.txt").owner()).isEqualTo("user");
        assertThat(sandbox.files().exists("/home/user/config.txt")).isFalse();
    }

    @Test
    void aMissingPathIsAFileNotFoundForEveryCallThatNeedsIt() {
        Sandbox sandbox = client.create();

        assertThatThrownBy(() -> sandbox.files().readText("missing.txt"))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> sandbox.files().readBytes("/tmp/missing.bin")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> sandbox.files().getInfo("missing.txt")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> sandbox.files().list("missing-dir")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> sandbox.files().rename("missing.txt", "found.txt")).isInstanceOf(PathNotFoundException.class);
        assertThat(sandbox.files().exists("missing.txt")).isFalse();
    }

    @Test
    void watchingADirectoryReportsEntriesCreatedWrittenAndRemoved() {
        Sandbox sandbox = client.create();
        sandbox.files().write("watched/existing.txt", "old");
        List<FilesystemEvent> events = new CopyOnWriteArrayList<>();

        try (WatchHandle watch = sandbox.files().watchDir("watched", events::add)) {
            sandbox.files().write("watched/new.txt", "new");
            sandbox.files().write("watched/existing.txt", "rewritten");
            sandbox.files().remove("watched/new.txt");

            Supplier<List<String>> seen = () -> events.stream().map(e -> e.name() + " " + e.type()).collect(Collectors.toList());
            eventually("the watch reports the create, the write and the remove",
                    () -> seen.get().containsAll(List.of("new.txt CREATE", "existing.txt WRITE", "new.txt REMOVE")));
            assertThat(watch.isDone()).isFalse();
            // Backends may report more (a real inotify also reports the writes into a new file), never outside the dir.
            assertThat(events).extracting(FilesystemEvent::name).containsOnly("new.txt", "existing.txt");
        }
    }

    @Test
    void aWatchKeepsReportingAfterItsSandboxIsPausedAndResumed() {
        Sandbox sandbox = client.create();
        sandbox.files().makeDir("watched");
        List<FilesystemEvent> events = new CopyOnWriteArrayList<>();

        try (WatchHandle watch = sandbox.files().watchDir("watched", events::add)) {
            sandbox.pause();
            Sandbox resumed = sandbox.connect();
            resumed.files().write("watched/after.txt", "made after the resume");

            eventually("the watch reports a file made after the resume",
                    () -> events.stream().anyMatch(e -> e.name().equals("after.txt") && e.type() == FilesystemEvent.EventType.CREATE));
            assertThat(watch.isDone()).isFalse();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands

    @Test
    void aCommandReturnsItsStdoutStderrAndExitCode() {
        Sandbox sandbox = client.create();

        CommandResult result = sandbox.commands().run("echo out; echo err >&2; printf '%s-%s\\n' a b");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("out\na-b\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void aNonZeroExitIsACommandExitExceptionThatCarriesTheOutput() {
        Sandbox sandbox = client.create();

        assertThatThrownBy(() -> sandbox.commands().run("echo so far; cat /missing; exit 3"))
                .isInstanceOfSatisfying(CommandExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stdout()).isEqualTo("so far\n");
                    assertThat(e.stderr()).contains("cat: /missing: No such file or directory");
                });
        assertThatThrownBy(() -> sandbox.commands().run("no-such-program-anywhere --flag"))
                .isInstanceOfSatisfying(CommandExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(127);
                    assertThat(e.stderr()).contains("no-such-program-anywhere");
                });
        assertThatThrownBy(() -> sandbox.commands().run("false")).isInstanceOfSatisfying(CommandExitException.class,
                e -> assertThat(e.exitCode()).isEqualTo(1));
    }

    @Test
    void envVarsOfTheSandboxAndOfTheCommandReachItAndTheCommandsWin() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder()
                .putEnv("STAGE", "from-sandbox")
                .putEnv("SHARED", "from-sandbox")
                .build());

        CommandResult result = sandbox.commands().run("echo \"$STAGE $SHARED $EXTRA\"",
                RunOptions.builder().putEnv("SHARED", "from-command").putEnv("EXTRA", "extra").build());
        CommandResult later = sandbox.commands().run("echo \"$STAGE ${EXTRA:-unset}\"");

        assertThat(result.stdout()).isEqualTo("from-sandbox from-command extra\n");
        assertThat(later.stdout()).as("a command's envs are its own").isEqualTo("from-sandbox unset\n");
    }

    @Test
    void commandsRunInTheUsersHomeDirectoryUnlessGivenAWorkingDirectory() {
        Sandbox sandbox = client.create();
        sandbox.files().write("/tmp/work/input.txt", "input");

        assertThat(sandbox.commands().run("pwd").stdout()).isEqualTo("/home/user\n");
        assertThat(sandbox.commands().run("pwd && cat input.txt", RunOptions.builder().cwd("/tmp/work").build()).stdout())
                .isEqualTo("/tmp/work\ninput");
        assertThat(sandbox.commands().run("pwd", RunOptions.builder().user("root").build()).stdout()).isEqualTo("/root\n");
        sandbox.commands().run("echo made-here > made.txt", RunOptions.builder().cwd("/tmp/work").build());
        assertThat(sandbox.files().readText("/tmp/work/made.txt")).isEqualTo("made-here\n");
    }

    @Test
    void commandsGetTheEnvironmentOfTheDefaultUserUnlessRootIsAskedFor() {
        Sandbox sandbox = client.create();
        RunOptions asRoot = RunOptions.builder().user("root").build();

        assertThat(sandbox.commands().run("echo \"$USER $HOME\"").stdout()).isEqualTo("user /home/user\n");
        assertThat(sandbox.commands().run("echo \"$USER $HOME\"", asRoot).stdout()).isEqualTo("root /root\n");
    }

    @Test
    void commandsRunWithTheIdentityOfTheirUserAndTheFilesTheyMakeAreTheirs() {
        whyCommandsCannotSwitchUsers().ifPresent(reason -> Assumptions.abort("commands do not switch users here: " + reason));
        Sandbox sandbox = client.create();
        RunOptions asRoot = RunOptions.builder().user("root").build();

        assertThat(sandbox.commands().run("whoami").stdout()).isEqualTo("user\n");
        assertThat(sandbox.commands().run("whoami", asRoot).stdout()).isEqualTo("root\n");
        sandbox.commands().run("echo mine > /tmp/user-made.txt");
        sandbox.commands().run("echo mine > /tmp/root-made.txt", asRoot);

        assertThat(sandbox.files().getInfo("/tmp/user-made.txt").owner()).isEqualTo("user");
        assertThat(sandbox.files().getInfo("/tmp/root-made.txt").owner()).isEqualTo("root");
    }

    @Test
    void aBackgroundCommandIsListedUntilItIsKilled() {
        Sandbox sandbox = client.create();
        CommandHandle sleeper = sandbox.commands().start("sleep 600", longRunning());

        assertThat(sandbox.commands().list()).filteredOn(p -> p.pid() == sleeper.pid()).singleElement()
                .satisfies(p -> assertThat(p.args()).last().isEqualTo("sleep 600"));
        assertThat(sleeper.exitCode()).isEmpty();

        assertThat(sleeper.kill()).isTrue();

        assertThatThrownBy(sleeper::waitFor).isInstanceOf(CommandExitException.class);
        eventually("the killed process leaves the list", () -> !pids(sandbox).contains(sleeper.pid()));
        assertThat(sandbox.commands().kill(sleeper.pid())).as("killing it again").isFalse();
    }

    @Test
    void aCommandReadsWhatIsSentToItsStdinUntilItIsClosed() {
        Sandbox sandbox = client.create();

        try (CommandHandle cat = sandbox.commands().start("cat", RunOptions.builder().stdin(true).build())) {
            sandbox.commands().sendStdin(cat.pid(), "first line\n");
            eventually("cat echoes the first line before stdin closes", () -> cat.stdout().equals("first line\n"));
            sandbox.commands().sendStdin(cat.pid(), "second line\n");
            sandbox.commands().closeStdin(cat.pid());

            assertThat(cat.waitFor().stdout()).isEqualTo("first line\nsecond line\n");
        }
    }

    @Test
    void outputReachesTheCallbacksWhileTheCommandStillRuns() {
        Sandbox sandbox = client.create();
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();

        try (CommandHandle handle = sandbox.commands().start("echo first; echo warning >&2; sleep 600; echo never",
                longRunning().newBuilder().onStdout(stdout::add).onStderr(stderr::add).build())) {
            eventually("both lines arrive", () -> String.join("", stdout).equals("first\n")
                    && String.join("", stderr).equals("warning\n"));

            assertThat(handle.exitCode()).as("the command is still running").isEmpty();
            assertThat(handle.stdout()).isEqualTo("first\n");
            assertThat(handle.kill()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Clone

    @Test
    void clonesOfARunningParentAreRunningCopiesWithItsFilesMetadataEnvsAndTimeout() {
        Sandbox parent = client.create(CreateSandboxRequest.builder()
                .timeout(Duration.ofMinutes(10))
                .putMetadata("purpose", "clone-test")
                .putEnv("STAGE", "cloned")
                .build());
        parent.files().write("progress.txt", "step 3 of 5");
        parent.commands().run("echo from-the-shell > /tmp/shell-made.txt");
        SandboxInfo parentBefore = parent.info();

        CloneResult result = parent.clone(CloneRequest.builder().count(3).strict(true).build());

        assertThat(result.count()).isEqualTo(3);
        assertThat(result.sandboxes()).extracting(Sandbox::id).doesNotHaveDuplicates().doesNotContain(parent.id());
        for (Sandbox clone : result.sandboxes()) {
            SandboxInfo info = clone.info();
            assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
            assertThat(info.templateId()).isEqualTo(CreateSandboxRequest.DEFAULT_TEMPLATE);
            assertThat(info.metadata()).containsEntry("purpose", "clone-test");
            assertLifetime(info, Duration.ofMinutes(10));
            assertThat(clone.files().readText("/home/user/progress.txt")).isEqualTo("step 3 of 5");
            assertThat(clone.files().readText("/tmp/shell-made.txt")).isEqualTo("from-the-shell\n");
            assertThat(clone.commands().run("echo \"$STAGE\"").stdout()).isEqualTo("cloned\n");
        }
        SandboxInfo parentAfter = parent.info();
        assertThat(parentAfter.state()).isEqualTo(SandboxState.RUNNING);
        assertThat(parentAfter.startedAt()).isEqualTo(parentBefore.startedAt());
        assertThat(parentAfter.endAt()).isEqualTo(parentBefore.endAt());
        assertThat(parent.files().readText("progress.txt")).isEqualTo("step 3 of 5");
    }

    @Test
    void clonesOfAPausedParentRunWithItsFilesWhileTheParentStaysPaused() {
        Sandbox parent = client.create(CreateSandboxRequest.builder()
                .timeout(Duration.ofMinutes(10)).putMetadata("purpose", "paused-parent").build());
        parent.files().write("checkpoint.txt", "saved before pausing");
        parent.pause();

        CloneResult result = parent.clone(CloneRequest.builder().count(2).strict(false).build());

        assertThat(result.count()).isEqualTo(2);
        for (Sandbox clone : result.sandboxes()) {
            SandboxInfo info = clone.info();
            assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
            assertThat(info.metadata()).containsEntry("purpose", "paused-parent");
            assertLifetime(info, Duration.ofMinutes(5)); // the documented default for clones of a paused parent
            assertThat(clone.files().readText("checkpoint.txt")).isEqualTo("saved before pausing");
        }
        assertThat(parent.info().state()).isEqualTo(SandboxState.PAUSED);
        assertThat(client.connect(parent.id()).files().readText("checkpoint.txt")).isEqualTo("saved before pausing");
    }

    @Test
    void clonesAndTheirParentDivergeOnceCloned() {
        Sandbox parent = client.create();
        parent.files().write("state.txt", "shared");
        parent.files().write("doomed.txt", "shared too");
        List<Sandbox> clones = parent.clone(CloneRequest.builder().count(2).build()).sandboxes();
        assertThat(clones).hasSize(2);

        clones.get(0).files().write("state.txt", "first clone");
        clones.get(1).files().write("only-second.txt", "second clone");
        clones.get(1).files().remove("doomed.txt");
        parent.commands().run("echo parent moved on > state.txt");

        assertThat(clones.get(0).files().readText("state.txt")).isEqualTo("first clone");
        assertThat(clones.get(1).files().readText("state.txt")).isEqualTo("shared");
        assertThat(parent.files().readText("state.txt")).isEqualTo("parent moved on\n");
        assertThat(clones.get(0).files().exists("only-second.txt")).isFalse();
        assertThat(parent.files().exists("only-second.txt")).isFalse();
        assertThat(clones.get(0).files().readText("doomed.txt")).isEqualTo("shared too");
        assertThat(parent.files().readText("doomed.txt")).isEqualTo("shared too");
    }

    @Test
    void aCloneTimeoutGivenWithTheRequestWinsOverTheParents() {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());

        Sandbox clone = parent.clone(CloneRequest.builder().timeout(Duration.ofMinutes(2)).build()).sandboxes().get(0);

        assertLifetime(clone.info(), Duration.ofMinutes(2));
        assertLifetime(parent.info(), Duration.ofMinutes(10));
    }

    @Test
    void aProcessRunningInTheParentRunsOnInEachCloneWithTheSamePidAndThenIndependently() {
        Sandbox parent = client.create();
        int pid;
        try (CommandHandle job = parent.commands().start("sleep 600", longRunning())) {
            pid = job.pid();
        }

        List<Sandbox> clones = parent.clone(CloneRequest.builder().count(2).build()).sandboxes();

        assertThat(clones).hasSize(2);
        for (Sandbox clone : clones) {
            assertThat(clone.commands().list()).filteredOn(p -> p.pid() == pid).singleElement()
                    .satisfies(p -> assertThat(p.args()).last().isEqualTo("sleep 600"));
        }
        assertThat(clones.get(0).commands().kill(pid)).isTrue();
        eventually("the killed copy leaves its clone's list", () -> !pids(clones.get(0)).contains(pid));
        assertThat(pids(clones.get(1))).contains(pid);
        assertThat(pids(parent)).contains(pid);
    }

    @Test
    void aCloneBeyondTheRunningQuotaIsRefusedBeforeAnyCopyIsMadeWhetherStrictOrNot() {
        Sandbox parent = client.create();

        for (boolean strict : List.of(true, false)) {
            assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(RUNNING_QUOTA).strict(strict).build()))
                    .as("strict=%s", strict)
                    .isInstanceOf(RateLimitException.class);
        }

        assertThat(client.list().sandboxes()).extracting(SandboxInfo::sandboxId).containsExactly(parent.id());
        assertThat(parent.info().state()).isEqualTo(SandboxState.RUNNING);
    }

    @Test
    void aCloneOfNoCopiesIsABadRequestAndACloneOfAnUnknownSandboxIsNotFound() throws Exception {
        Sandbox parent = client.create();

        assertThatThrownBy(() -> CloneRequest.builder().count(0).build())
                .as("our client refuses count 0 before sending it")
                .isInstanceOf(IllegalArgumentException.class);
        HttpResponse<String> response = postControlPlane("/sandboxes/" + parent.id() + "/clone", "{\"count\":0}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).contains("count");
        assertThat(client.list().sandboxes()).extracting(SandboxInfo::sandboxId).containsExactly(parent.id());

        assertThatThrownBy(() -> client.clone("i0000000000unknown000", CloneRequest.DEFAULT))
                .isInstanceOf(SandboxNotFoundException.class);
        parent.kill();
        assertThatThrownBy(() -> client.clone(parent.id(), CloneRequest.DEFAULT))
                .as("a killed parent").isInstanceOf(SandboxNotFoundException.class);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** Long enough for any test here, short enough that a stray process ends on its own. */
    private static RunOptions longRunning() {
        return RunOptions.builder().timeout(Duration.ofMinutes(5)).build();
    }

    private static List<Integer> pids(Sandbox sandbox) {
        return sandbox.commands().list().stream().map(ProcessInfo::pid).collect(Collectors.toList());
    }

    private static void assertLifetime(SandboxInfo info, Duration expected) {
        assertThat(Duration.between(info.startedAt(), info.endAt()))
                .as("lifetime of %s", info.sandboxId())
                .isBetween(expected.minus(CLOCK_SLACK), expected.plus(CLOCK_SLACK));
    }

    /** Polls (in real time, within {@link #PATIENCE}) for something the server pushes or does asynchronously. */
    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    /** A hand-made control-plane request, for inputs our client refuses to send. */
    private HttpResponse<String> postControlPlane(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.apiUrl() + path))
                .header("X-API-KEY", emulator.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
