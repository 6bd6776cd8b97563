package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.engine.DataPlaneLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sandbox's clients cannot pile up processes or watches without bound: past the limit a
 * call is refused with {@code resource_exhausted}, and freeing one makes room again.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdLimitsTest {
    private static final String SLEEPER = "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-c\",\"sleep 100000\"]},\"stdin\":false}";

    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxEmulator emulator;
    private EnvdHttp envd;

    @BeforeEach
    void createSandbox() {
        emulator = SandboxEmulator.builder().manualClock().start();
        envd = EnvdHttp.forNewSandbox(http, emulator);
    }

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void processesPastTheLimitAreRefusedUntilOneEnds() {
        for (int i = 0; i < DataPlaneLimits.MAX_PROCESSES; i++) {
            try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", SLEEPER, 0)) {
                assertThat(stream.next().message().at("/event/start/pid").asInt()).as("process %d starts", i).isPositive();
            }
        }

        EnvdHttp.Envelope refused;
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", SLEEPER, 0)) {
            refused = stream.next();
        }
        assertThat(refused.isEndStream()).isTrue();
        assertThat(refused.message().at("/error/code").asText()).isEqualTo("resource_exhausted");
        assertThat(refused.message().at("/error/message").asText()).contains("processes");

        int pid = envd.unary("process.Process/List", "{}").json().at("/processes/0/pid").asInt();
        EnvdHttp.Reply killed = envd.unary("process.Process/SendSignal",
                "{\"process\":{\"pid\":" + pid + "},\"signal\":\"SIGNAL_SIGKILL\"}");
        assertThat(killed.status()).as(killed.toString()).isEqualTo(200);
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", SLEEPER, 0)) {
            assertThat(stream.next().message().at("/event/start/pid").asInt()).as("room again after a kill").isPositive();
        }
    }

    @Test
    void watchesPastTheLimitAreRefusedUntilOneCloses() throws InterruptedException {
        List<EnvdHttp.Stream> open = new ArrayList<>();
        try {
            for (int i = 0; i < DataPlaneLimits.MAX_WATCHES; i++) {
                EnvdHttp.Stream watch = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"/home/user\"}", 0);
                open.add(watch);
                assertThat(watch.next().message().has("start")).as("watch %d starts", i).isTrue();
            }

            try (EnvdHttp.Stream refused = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"/home/user\"}", 0)) {
                EnvdHttp.Envelope end = refused.next();
                assertThat(end.isEndStream()).isTrue();
                assertThat(end.message().at("/error/code").asText()).isEqualTo("resource_exhausted");
            }

            open.remove(0).close();
            // The server notices the client left at its next keepalive, within seconds.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean started = false;
            while (!started && System.nanoTime() < deadline) {
                try (EnvdHttp.Stream again = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"/home/user\"}", 0)) {
                    started = again.next().message().has("start");
                }
                Thread.sleep(200);
            }
            assertThat(started).as("room again once a client leaves").isTrue();
        } finally {
            open.forEach(EnvdHttp.Stream::close);
        }
    }
}
