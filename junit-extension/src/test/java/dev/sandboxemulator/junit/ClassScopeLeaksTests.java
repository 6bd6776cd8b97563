package dev.sandboxemulator.junit;

import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxTeam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Sandboxes a class made before all its tests and left alive are leaks of the class, with the same rules as a test's. */
class ClassScopeLeaksTests {

    private static EngineExecutionResults run(Class<?> testCase) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute();
    }

    @Test
    void aSandboxMadeBeforeAllAndLeftAliveFailsTheClassWhenLeaksFail() {
        EngineExecutionResults results = run(FailingClassLeakTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(FailingClassLeakTestCase.class),
                finishedWithFailure(message(m -> m.contains("FailingClassLeakTestCase left 1 sandbox alive (now killed)")
                        && m.contains("purpose=class-fixture")))));
    }

    @Test
    void aClassLeakIsKilledEvenWhenLeaksDoNotFail() {
        EngineExecutionResults results = run(QuietClassLeakTestCase.class);

        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container(QuietClassLeakTestCase.class), finishedSuccessfully()));
        assertThat(QuietClassLeakTestCase.team.sandboxIds()).isEmpty();
    }

    @Test
    void aNewSandboxMadeBeforeAllIsNotALeak() {
        run(NewSandboxBeforeAllTestCase.class).containerEvents().assertThatEvents().haveExactly(1,
                event(container(NewSandboxBeforeAllTestCase.class), finishedSuccessfully()));
    }

    // Fixtures, run only through EngineTestKit.

    @SandboxTest(onLeak = SandboxTest.Leaks.FAIL)
    static class FailingClassLeakTestCase {
        @BeforeAll
        static void prepare(SandboxClient client) {
            client.create(CreateSandboxRequest.builder().putMetadata("purpose", "class-fixture").build());
        }

        @Test
        void passes() {
        }
    }

    @SandboxTest(onLeak = SandboxTest.Leaks.KILL)
    static class QuietClassLeakTestCase {
        static SandboxTeam team;

        @BeforeAll
        static void prepare(SandboxClient client, SandboxTeam team) {
            QuietClassLeakTestCase.team = team;
            client.create();
        }

        @Test
        void passes() {
        }
    }

    @SandboxTest(onLeak = SandboxTest.Leaks.FAIL)
    static class NewSandboxBeforeAllTestCase {
        @BeforeAll
        static void prepare(@NewSandbox Sandbox sandbox) {
            sandbox.files().write("state.txt", "ready");
        }

        @Test
        void passes() {
        }
    }
}
