package dev.sandboxemulator.junit;

import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** A static {@link SandboxInject} or {@link NewSandbox} field is an error that names the field, never a silent null. */
class StaticFieldsTests {

    private static EngineExecutionResults run(Class<?> testCase) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute();
    }

    @Test
    void aStaticSandboxInjectFieldFailsTheTestNamingTheFieldAndWhy() {
        run(StaticInjectTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("usesNothing"),
                finishedWithFailure(message(m -> m.contains("StaticInjectTestCase.client") && m.contains("static")
                        && m.contains("instance field")))));
    }

    @Test
    void aStaticNewSandboxFieldFailsTheTestNamingTheFieldAndWhy() {
        run(StaticNewSandboxTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("usesNothing"),
                finishedWithFailure(message(m -> m.contains("StaticNewSandboxTestCase.sandbox") && m.contains("static")
                        && m.contains("instance field")))));
    }

    // Fixtures, run only through EngineTestKit.

    @SandboxTest
    static class StaticInjectTestCase {
        @SandboxInject
        static SandboxClient client;

        @Test
        void usesNothing() {
        }
    }

    @SandboxTest
    static class StaticNewSandboxTestCase {
        @NewSandbox
        static Sandbox sandbox;

        @Test
        void usesNothing() {
        }
    }
}
