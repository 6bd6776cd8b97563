package dev.sandboxemulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Novita's {@code sandbox clone ID -c COUNT -s STRICT -t TIMEOUT}, in-process against an emulator. */
class CloneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxEmulator emulator = SandboxEmulator.builder().runningQuota(4).start();
    private final Cli cli = Cli.against(emulator);

    @AfterEach
    void close() {
        emulator.close();
    }

    private String parentWithAFile() {
        String id = cli.run("sandbox", "create").stdout().strip();
        assertThat(cli.run("sandbox", "exec", id, "echo kept > /home/user/state.txt").exitCode()).isZero();
        return id;
    }

    @Test
    void aStrictCloneOfThreeWithATimeoutPrintsThreeIdsOfCopiesThatKeptTheFiles() throws Exception {
        String parent = parentWithAFile();

        Cli.Result cloned = cli.run("sandbox", "clone", parent, "-c", "3", "-s", "true", "-t", "60");

        assertThat(cloned.exitCode()).as(cloned.toString()).isZero();
        List<String> copies = cloned.lines();
        assertThat(copies).hasSize(3).doesNotHaveDuplicates().doesNotContain(parent);
        assertThat(emulator.sandboxIds()).containsExactlyInAnyOrderElementsOf(concat(parent, copies));
        assertThat(cloned.stderr()).contains("Cloning " + parent + " into 3 copies (strict)").contains("3 made");
        for (String copy : copies) {
            assertThat(cli.run("sandbox", "exec", copy, "cat /home/user/state.txt").stdout()).isEqualTo("kept\n");
            JsonNode info = JSON.readTree(cli.run("sandbox", "info", copy, "-f", "json").stdout());
            Instant started = Instant.parse(info.get("startedAt").asText());
            assertThat(Instant.parse(info.get("endAt").asText())).isEqualTo(started.plusSeconds(60));
        }
    }

    @Test
    void jsonOutputIsOneDocumentWithTheCopiesAndTheSnapshotTemplate() throws Exception {
        String parent = parentWithAFile();

        Cli.Result cloned = cli.run("sandbox", "clone", parent, "-c", "2", "-f", "json");

        JsonNode document = JSON.readTree(cloned.stdout());
        assertThat(document.get("sandboxes")).hasSize(2);
        assertThat(document.get("sandboxes").get(0).get("sandboxId").asText()).isNotEmpty();
        assertThat(document.has("snapshotTemplateId")).isTrue();
        assertThat(cloned.stderr()).as("progress goes to stderr").contains("Cloning");
    }

    @Test
    void aStrictCloneOverTheQuotaExitsWithOneLineAndLeavesNoCopy() {
        String parent = parentWithAFile();

        Cli.Result refused = cli.run("sandbox", "clone", parent, "-c", "4", "-s", "true");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.QUOTA_EXCEEDED);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr().lines().filter(line -> line.startsWith("sandbox-emulator: "))).hasSize(1);
        assertThat(refused.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(emulator.sandboxIds()).containsExactly(parent);
    }

    @Test
    void aStrictCloneThatFailsExitsWithTheCloneCodeAndRemovesWhatItMade() {
        String parent = parentWithAFile();
        emulator.faults().failNthClone(2);

        Cli.Result failed = cli.run("sandbox", "clone", parent, "-c", "3", "-s", "true");

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.CLONE_FAILED);
        assertThat(failed.stderr()).contains("clone of " + parent + " failed", "strict: the copies it made were removed");
        assertThat(emulator.sandboxIds()).containsExactly(parent);
    }

    @Test
    void aNonStrictCloneKeepsAndPrintsTheCopiesThatWereMade() {
        String parent = parentWithAFile();
        emulator.faults().failNthClone(2);

        Cli.Result partial = cli.run("sandbox", "clone", parent, "-c", "3", "-s", "false");

        assertThat(partial.exitCode()).as(partial.toString()).isZero();
        assertThat(partial.lines()).hasSize(2);
        assertThat(emulator.sandboxIds()).hasSize(3);
    }

    @Test
    void badCountsAndStrictValuesAreBadArguments() {
        String parent = parentWithAFile();

        assertThat(cli.run("sandbox", "clone", parent, "-c", "0").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "clone", parent, "-c", "two").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "clone", parent, "-s", "maybe").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "clone", parent, "-t", "-5").exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(cli.run("sandbox", "clone", "nosuchsandbox").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(emulator.sandboxIds()).containsExactly(parent);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
