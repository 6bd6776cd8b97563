package dev.sandboxemulator.junit;

import dev.sandboxemulator.client.SandboxClient;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@code @SandboxTest(templates = ...)} reaches the emulator the extension starts. The simulated backend has no
 * images, so what shows it is the emulator's own check of a mapping: one it rejects fails the test.
 */
class TemplatesReachTheEmulatorTests {

    private static EngineExecutionResults run(Class<?> testCase) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute();
    }

    @Test
    void aTemplateMappingTheEmulatorRejectsFailsTheTestWithTheEmulatorsReason() {
        EngineExecutionResults results = run(BadImageTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(0));
        results.allEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(message(m ->
                m.contains("template 'base'") && m.contains("'not an image'")))));
    }

    @Test
    void aValidTemplateMappingStartsAnEmulatorThatServesTheTest() {
        run(GoodImageTestCase.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    // Fixtures, run only through EngineTestKit.

    @SandboxTest(templates = "base=not an image")
    static class BadImageTestCase {
        @Test
        void createsASandbox(SandboxClient client) {
            client.create().kill();
        }
    }

    @SandboxTest(templates = "python=python:3.12-slim")
    static class GoodImageTestCase {
        @Test
        void createsASandbox(SandboxClient client) {
            client.create().kill();
        }
    }
}
