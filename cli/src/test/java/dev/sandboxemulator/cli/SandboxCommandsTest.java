package dev.sandboxemulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sandbox} verbs, run in-process against an emulator, asserted on what they print and how they exit. */
class SandboxCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxEmulator emulator = SandboxEmulator.builder().start();
    private final Cli cli = Cli.against(emulator);

    @AfterEach
    void close() {
        emulator.close();
    }

    private String create(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "sandbox";
        args[1] = "create";
        System.arraycopy(extra, 0, args, 2, extra.length);
        Cli.Result created = cli.run(args);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.lines()).as(created.toString()).hasSize(1);
        return created.stdout().strip();
    }

    @Test
    void createPrintsTheNewIdAndTheSandboxRunsWithWhatWasAskedFor() throws Exception {
        String id = create("base", "--timeout", "120", "-m", "team=search", "--metadata", "run=7", "-e", "MODE=offline",
                "--lifecycle.ontimeout", "pause", "--lifecycle.autoresume", "-d");

        assertThat(emulator.sandboxIds()).containsExactly(id);
        JsonNode info = JSON.readTree(cli.run("sandbox", "info", id, "-f", "json").stdout());
        assertThat(info.get("sandboxId").asText()).isEqualTo(id);
        assertThat(info.get("state").asText()).isEqualTo("running");
        assertThat(info.get("metadata").get("team").asText()).isEqualTo("search");
        assertThat(info.get("metadata").get("run").asText()).isEqualTo("7");
        assertThat(info.get("lifecycle").get("onTimeout").asText()).isEqualTo("pause");
        assertThat(info.get("lifecycle").get("autoResume").asBoolean()).isTrue();
        assertThat(cli.run("sandbox", "exec", id, "echo $MODE").stdout()).isEqualTo("offline\n");
    }

    @Test
    void autoResumeWithoutPauseOnTimeoutIsABadArgument() {
        Cli.Result result = cli.run("sandbox", "create", "--lifecycle.autoresume");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(result.stderr()).contains("--lifecycle.ontimeout pause").hasLineCount(1);
        assertThat(emulator.sandboxIds()).isEmpty();
    }

    @Test
    void listShowsRunningSandboxesAsATableOrOneJsonDocumentAndFilters() throws Exception {
        String search = create("-m", "team=search");
        String other = create("-m", "team=ads");
        cli.run("sandbox", "pause", other);

        Cli.Result table = cli.run("sandbox", "ls");
        assertThat(table.lines().get(0)).startsWith("SANDBOX ID").contains("STATE", "METADATA");
        assertThat(table.stdout()).contains(search).doesNotContain(other);

        JsonNode all = JSON.readTree(cli.run("sandbox", "list", "-s", "running,paused", "-f", "json").stdout());
        assertThat(all).hasSize(2);
        JsonNode paused = JSON.readTree(cli.run("sandbox", "list", "-s", "paused", "-f", "json").stdout());
        assertThat(paused).hasSize(1);
        assertThat(paused.get(0).get("sandboxId").asText()).isEqualTo(other);
        JsonNode byMetadata = JSON.readTree(cli.run("sandbox", "list", "-s", "running,paused", "-m", "team=ads", "-f", "json").stdout());
        assertThat(byMetadata).extracting(node -> node.get("sandboxId").asText()).containsExactly(other);
        assertThat(JSON.readTree(cli.run("sandbox", "list", "-t", "nope", "-f", "json").stdout())).isEmpty();
        assertThat(JSON.readTree(cli.run("sandbox", "list", "-s", "running,paused", "-l", "1", "-f", "json").stdout())).hasSize(1);
        assertThat(cli.run("sandbox", "list", "-m", "team=none").stdout()).isEqualTo("No sandboxes found\n");
    }

    @Test
    void pauseAndResumeTellWhatTheyDid() {
        String id = create();

        assertThat(cli.run("sandbox", "ps", id).stdout()).isEqualTo("Paused sandbox " + id + "\n");
        assertThat(emulator.runningCount()).isZero();
        assertThat(cli.run("sandbox", "pause", id).stdout()).contains("already paused");
        assertThat(cli.run("sandbox", "rs", id).stdout()).isEqualTo("Resumed sandbox " + id + "\n");
        assertThat(emulator.runningCount()).isEqualTo(1);
        assertThat(cli.run("sandbox", "resume", id).stdout()).contains("already running");
    }

    @Test
    void killTakesIdsOrAllAndSaysWhichWereUnknown() {
        String first = create();
        String second = create("-m", "keep=yes");
        String third = create();

        Cli.Result named = cli.run("sandbox", "kill", first, "nosuchsandbox");
        assertThat(named.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(named.stdout()).isEqualTo("Killed sandbox " + first + "\n");
        assertThat(named.stderr()).isEqualTo("sandbox-emulator: sandbox nosuchsandbox not found\n");

        Cli.Result selected = cli.run("sandbox", "kl", "-a", "-m", "keep=yes");
        assertThat(selected.exitCode()).isZero();
        assertThat(emulator.sandboxIds()).containsExactly(third);

        assertThat(cli.run("sandbox", "kill", "-a").stdout()).isEqualTo("Killed sandbox " + third + "\n");
        assertThat(emulator.sandboxIds()).isEmpty();
        assertThat(cli.run("sandbox", "kill", "-a").stdout()).isEqualTo("No sandboxes to kill\n");
        assertThat(cli.run("sandbox", "kill").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "kill", second, "-a").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
    }

    @Test
    void execStreamsBothOutputsAndExitsWithTheCommandsExitCode() {
        String id = create();

        Cli.Result result = cli.run("sandbox", "exec", id, "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void execPassesEverythingAfterTheIdToTheCommandAndTakesItsOwnOptionsBefore() {
        String id = create();

        Cli.Result words = cli.run("sandbox", "ex", "-u", "root", "-c", "/tmp", "-e", "GREETING=hello world", id,
                "printf", "%s|%s|%s\\n", "$GREETING", "-u", "it's");

        assertThat(words.exitCode()).as(words.toString()).isZero();
        assertThat(words.stdout()).isEqualTo("$GREETING|-u|it's\n");
        assertThat(cli.run("sandbox", "exec", "-u", "root", "-c", "/tmp", id, "echo $(whoami) $(pwd)").stdout()).isEqualTo("root /tmp\n");
    }

    @Test
    void execInTheBackgroundPrintsThePidAndReturns() {
        String id = create();

        Cli.Result started = cli.run("sandbox", "exec", "-b", id, "sleep 1000");

        assertThat(started.exitCode()).isZero();
        assertThat(started.stdout().strip()).matches("\\d+");
        SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                .apiKey(emulator.apiKey()).build();
        assertThat(client.connect(id).commands().list()).extracting(ProcessInfo::pid)
                .contains(Integer.parseInt(started.stdout().strip()));
    }

    @Test
    void filesPutCatLsGetAndRm(@TempDir Path dir) throws Exception {
        String id = create();
        Path local = dir.resolve("notes.txt");
        Files.writeString(local, "first line\n");

        assertThat(cli.run("sandbox", "files", "put", id, local.toString(), "notes.txt").stdout())
                .isEqualTo("Wrote 11 bytes to /home/user/notes.txt\n");
        assertThat(cli.run("sandbox", "files", "cat", id, "notes.txt").stdout()).isEqualTo("first line\n");
        assertThat(cli.run("sandbox", "files", "ls", id).stdout()).contains("/home/user/notes.txt");
        JsonNode listed = JSON.readTree(cli.run("sandbox", "files", "ls", id, "/home/user", "-f", "json").stdout());
        assertThat(listed).extracting(node -> node.get("name").asText()).contains("notes.txt");

        Path copy = dir.resolve("copy.txt");
        assertThat(cli.run("sandbox", "files", "get", id, "notes.txt", copy.toString()).exitCode()).isZero();
        assertThat(Files.readString(copy, StandardCharsets.UTF_8)).isEqualTo("first line\n");

        assertThat(cli.run("sandbox", "files", "rm", id, "notes.txt").exitCode()).isZero();
        Cli.Result gone = cli.run("sandbox", "files", "cat", id, "notes.txt");
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.stderr()).hasLineCount(1).contains("notes.txt");
    }

    @Test
    void snapshotsAreCreatedListedAndDeleted() throws Exception {
        String id = create();

        String snapshot = cli.run("sandbox", "snapshot", "create", id).stdout().strip();
        assertThat(snapshot).isNotEmpty();
        JsonNode listed = JSON.readTree(cli.run("sandbox", "snap", "ls", id, "-f", "json").stdout());
        assertThat(listed).extracting(node -> node.get("snapshotId").asText()).containsExactly(snapshot);
        assertThat(cli.run("sandbox", "snapshot", "delete", snapshot).stdout()).isEqualTo("Deleted snapshot " + snapshot + "\n");
        assertThat(cli.run("sandbox", "snapshot", "list").stdout()).isEqualTo("No snapshots found\n");
        assertThat(cli.run("sandbox", "snapshot", "dl", snapshot).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aNamedSnapshotIsFoundByItsNameAndStartsSandboxes() throws Exception {
        String id = create();
        cli.run("sandbox", "exec", id, "echo from the snapshot > /home/user/kept.txt");

        String snapshot = cli.run("sandbox", "snapshot", "create", id, "-n", "nightly:v1").stdout().strip();
        cli.run("sandbox", "snapshot", "create", id);

        JsonNode byName = JSON.readTree(cli.run("sandbox", "snapshot", "list", "-n", "nightly", "-f", "json").stdout());
        assertThat(byName).extracting(node -> node.get("snapshotId").asText()).containsExactly(snapshot);
        assertThat(byName.get(0).get("names")).extracting(JsonNode::asText).containsExactly("nightly:v1");
        String started = create("nightly:v1");
        assertThat(cli.run("sandbox", "files", "cat", started, "kept.txt").stdout()).isEqualTo("from the snapshot\n");
    }

    @Test
    void metricsOfARunningSandboxArePrintedAsATableOrJsonAndAPausedOneHasNone() throws Exception {
        String id = create();

        Cli.Result table = cli.run("sandbox", "metrics", id);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().get(0)).startsWith("TIMESTAMP").contains("CPU", "MEMORY", "DISK");
        JsonNode json = JSON.readTree(cli.run("sandbox", "mt", id, "--format", "json").stdout());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("memTotal").asLong()).isPositive();

        cli.run("sandbox", "pause", id);
        assertThat(cli.run("sandbox", "metrics", id).stdout()).isEqualTo("No metrics yet for sandbox " + id + "\n");
    }
}
