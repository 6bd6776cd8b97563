package dev.sandboxemulator.junit;

import dev.sandboxemulator.junit.internal.BackendAvailability;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Requiring container backends reads the flag as CI writes it: {@code 1}, {@code yes} and {@code true} all count. */
class RequireDockerTests {

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "yes", "TRUE", " Yes "})
    void everySpellingOfYesTurnsTheSkipIntoAFailure(String value) {
        assumeTrue(BackendAvailability.unavailableReason("docker").isPresent(),
                "docker runs on this machine; the failure path needs a machine without it");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SandboxExtensionTests.DockerTestCase.class))
                .configurationParameters(Map.of("sandbox.emulator.requireDocker", value))
                .execute();

        results.allEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(message(m ->
                m.contains("docker backend is not available") && m.contains("requireDocker")))));
    }
}
