package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.FileOptions;
import dev.sandboxemulator.client.FilesystemEvent;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxTimeoutException;
import dev.sandboxemulator.client.WatchHandle;
import dev.sandboxemulator.client.WriteEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our client's {@code sandbox.files()} against the emulator's envd, over real HTTP. */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ClientFilesTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
            .apiKey("test").build();
    private final Sandbox sandbox = client.create();

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void textAndBytesRoundTripRelativeToTheHomeDirectory() {
        sandbox.files().write("notes/today.txt", "written by the client");
        sandbox.files().write("/tmp/blob", new byte[] {0, (byte) 0xff, '\n'});

        assertThat(sandbox.files().readText("/home/user/notes/today.txt")).isEqualTo("written by the client");
        assertThat(sandbox.files().readBytes("/tmp/blob")).containsExactly(0, 0xff, '\n');
        assertThat(new String(emulator.fileSystem(sandbox.id()).read("/home/user/notes/today.txt"), StandardCharsets.UTF_8))
                .isEqualTo("written by the client");
    }

    @Test
    void manyFilesAreWrittenInOneUploadAndListedToTheAskedDepth() {
        sandbox.files().write(List.of(WriteEntry.of("/home/user/p/a.txt", "A"), WriteEntry.of("/home/user/p/q/b.txt", "BB")));

        List<String> shallow = sandbox.files().list("/home/user/p").stream().map(EntryInfo::path).collect(Collectors.toList());
        List<String> deep = sandbox.files().list("/home/user/p", 2).stream().map(EntryInfo::path).collect(Collectors.toList());

        assertThat(shallow).containsExactly("/home/user/p/a.txt", "/home/user/p/q");
        assertThat(deep).contains("/home/user/p/q/b.txt");
        assertThat(sandbox.files().getInfo("/home/user/p/q/b.txt").size()).isEqualTo(2);
    }

    @Test
    void makeDirExistsRenameAndRemoveBehaveLikeTheSdks() {
        assertThat(sandbox.files().makeDir("work")).isTrue();
        assertThat(sandbox.files().makeDir("work")).isFalse();
        sandbox.files().write("work/f.txt", "f");

        EntryInfo moved = sandbox.files().rename("work/f.txt", "/tmp/moved/f.txt");
        sandbox.files().remove("work");

        assertThat(moved.path()).isEqualTo("/tmp/moved/f.txt");
        assertThat(sandbox.files().exists("work")).isFalse();
        assertThat(sandbox.files().exists("/tmp/moved/f.txt")).isTrue();
    }

    @Test
    void readingAMissingFileIsFileNotFound() {
        assertThatThrownBy(() -> sandbox.files().readText("missing.txt")).isInstanceOf(PathNotFoundException.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void rootWritesIntoItsOwnHomeAndOwnsTheFile() {
        sandbox.files().write("config", "x", FileOptions.asUser("root"));

        assertThat(sandbox.files().getInfo("/root/config").owner()).isEqualTo("root");
    }

    @Test
    void watchDirDeliversChangesUntilStopped() throws Exception {
        sandbox.files().makeDir("watched");
        List<FilesystemEvent> events = new CopyOnWriteArrayList<>();
        try (WatchHandle watch = sandbox.files().watchDir("watched", events::add)) {
            sandbox.files().write("watched/new.txt", "n");
            sandbox.files().remove("watched/new.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        assertThat(events).extracting(e -> e.name() + " " + e.type())
                .containsExactly("new.txt CREATE", "new.txt REMOVE");
    }

    @Test
    void signedUrlsWorkWithAPlainHttpClient() throws Exception {
        Sandbox secure = client.create(CreateSandboxRequest.builder().secure(true).build());
        secure.files().write("/home/user/shared.txt", "shared by url");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(secure.downloadUrl("/home/user/shared.txt"))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(secure.uploadUrl("/home/user/up.txt")))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("uploaded by url")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("shared by url");
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(secure.files().readText("/home/user/up.txt")).isEqualTo("uploaded by url");
    }

    @Test
    void aPausedSandboxsFilesAreUnreachableUntilItIsResumed() {
        sandbox.files().write("kept.txt", "still here");
        sandbox.pause();

        assertThatThrownBy(() -> sandbox.files().readText("kept.txt")).isInstanceOf(SandboxTimeoutException.class);
        assertThat(sandbox.isRunning()).isFalse();

        client.connect(sandbox.id(), Duration.ofMinutes(5));
        assertThat(sandbox.files().readText("kept.txt")).isEqualTo("still here");
        assertThat(sandbox.isRunning()).isTrue();
    }

    @Test
    void aKilledSandboxIsNotRunning() {
        sandbox.kill();

        assertThat(sandbox.isRunning()).isFalse();
    }
}
