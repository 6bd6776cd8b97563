package dev.sandboxemulator.samples.spring;

import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application that uses Novita sandboxes, tested against the emulator. The
 * application reads its connection settings from properties ({@code novita.api-url} and friends,
 * set from {@code NOVITA_*} in production); the test points them at an emulator with
 * {@code @DynamicPropertySource}.
 *
 * <p>The Spring context is built before any test method runs, so it needs the emulator's URLs
 * earlier than {@code @SandboxTest} hands them out: this test starts its own emulator in a static
 * field, one per test class, and closes it after the class.
 */
@SpringBootTest(classes = SpringBootTestUsesEmulatorTest.App.class)
class SpringBootTestUsesEmulatorTest {

    static final SandboxEmulator EMULATOR = SandboxEmulator.start();

    @DynamicPropertySource
    static void pointTheAppAtTheEmulator(DynamicPropertyRegistry registry) {
        registry.add("novita.api-url", EMULATOR::apiUrl);
        registry.add("novita.sandbox-url", EMULATOR::sandboxUrl);
        registry.add("novita.api-key", EMULATOR::apiKey);
    }

    @AfterAll
    static void stopTheEmulator() {
        EMULATOR.close();
    }

    @Autowired
    ReportService reports;

    @Test
    void theApplicationRunsItsJobInASandboxOfTheEmulator() {
        String report = reports.buildReport("quarterly");

        assertThat(report).isEqualTo("report for quarterly\n");
        assertThat(EMULATOR.sandboxIds()).as("the service cleans up its sandbox").isEmpty();
    }

    /** The application under test. */
    @SpringBootApplication
    static class App {
        @Bean
        SandboxClient sandboxClient(@Value("${novita.api-url}") String apiUrl, @Value("${novita.sandbox-url}") String sandboxUrl,
                                    @Value("${novita.api-key}") String apiKey) {
            return SandboxClient.builder().apiUrl(apiUrl).sandboxUrl(sandboxUrl).apiKey(apiKey).build();
        }

        @Bean
        ReportService reportService(SandboxClient client) {
            return new ReportService(client);
        }
    }

    /** Runs untrusted report code in a sandbox and returns its output. */
    @Service
    static class ReportService {
        private final SandboxClient client;

        ReportService(SandboxClient client) {
            this.client = client;
        }

        String buildReport(String name) {
            try (Sandbox sandbox = client.create(CreateSandboxRequest.builder().putMetadata("job", "report").build())) {
                sandbox.files().write("report.sh", "echo report for " + name);
                return sandbox.commands().run("bash report.sh").stdout();
            }
        }
    }
}
