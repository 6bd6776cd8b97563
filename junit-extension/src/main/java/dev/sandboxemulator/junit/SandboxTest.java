package dev.sandboxemulator.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class or method against an in-process Novita Sandbox emulator.
 *
 * <p>Test methods (and lifecycle methods, and fields marked {@link SandboxInject}) may take:
 * <ul>
 *   <li>{@code SandboxClient}: our client, pointed at the emulator with this test's API key;</li>
 *   <li>{@code SandboxTeam}: the test's control surface, on its own tenant: its manual clock, stubs, faults and
 *       files (not a {@code SandboxEmulator}: the emulator is shared, and the extension closes the tenant);</li>
 *   <li>{@link SandboxRuntimeInfo}: the URLs and key, to hand to other SDKs or to Spring;</li>
 *   <li>{@code SandboxAwait}: waits on the test's clock (on the manual clock, a wait advances it);</li>
 *   <li>{@code Sandbox} annotated {@link NewSandbox}: a fresh sandbox, killed after the test.</li>
 * </ul>
 *
 * <p><b>Isolation.</b> One emulator runs per JVM and configuration (backend, templates); each test
 * gets its own tenant of it: an API key of its own, so {@code list} shows only its sandboxes, its
 * own running quota, its own {@code ManualClock}, and its own stubs and faults. Tests may therefore
 * run in parallel. After each test, the sandboxes it left alive are killed (and reported when
 * {@link #onLeak()} says {@link Leaks#FAIL}) and its stubs and faults are gone. Sandboxes made in
 * {@code @BeforeAll} (or by a {@code PER_CLASS} instance) belong to the class and live until
 * {@code @AfterAll}; the class's tests then share that tenant. Those left alive then (other than
 * {@link NewSandbox} ones) are the class's leaks: killed, and with {@link Leaks#FAIL} they fail the class.
 *
 * <p><b>Time.</b> By default every test runs on a manual clock ({@link SandboxClock#MANUAL}):
 * sandbox timeouts, {@code sleep} in commands and stub delays move only when the test calls
 * {@code team.manualClock().advance(...)}, or while an injected {@code SandboxAwait} (or
 * {@code SandboxAwait.on(team)}) waits: such a wait advances the manual clock step by step until what it awaits
 * happens, instead of polling wall time in which nothing moves. Choose {@link SandboxClock#SYSTEM} for real time.
 *
 * <p><b>Containers.</b> With {@code backend = "docker"} or {@code "podman"}, a machine without a usable
 * engine and CRIU skips the test with the reason, unless the system property {@code sandbox.emulator.requireDocker} or the
 * environment variable {@code SANDBOX_EMULATOR_REQUIRE_DOCKER} is {@code true}, {@code 1} or {@code yes} (CI sets
 * {@code 1}): then it fails with the reason. The JUnit configuration parameter {@code sandbox.emulator.requireDocker}
 * counts too.
 *
 * <p>Defaults may be set for a whole run with JUnit configuration parameters (for example in
 * {@code junit-platform.properties}): {@code sandbox.emulator.backend}, {@code sandbox.emulator.runningQuota},
 * {@code sandbox.emulator.failOnLeak}, {@code sandbox.emulator.clock}. A value given on the annotation wins.
 * A method-level annotation overrides the class-level one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface SandboxTest {

    /**
     * The backend: {@code simulated} (the default), {@code docker} or {@code podman}. Empty means the
     * configuration's default.
     */
    String backend() default "";

    /** For the container backends: template-to-image mappings, each {@code template=image}. */
    String[] templates() default {};

    /** How many of the test's sandboxes may run at once; 0 means the configuration's default (100). */
    int runningQuota() default 0;

    /**
     * The API key the test's client sends. Empty (the default) gives each test a generated key of
     * its own; a fixed key cannot be used by two tests at the same time.
     */
    String apiKey() default "";

    /** Whether sandboxes still alive after the test fail it (they are killed either way). */
    Leaks onLeak() default Leaks.DEFAULT;

    /** The test's clock; {@link SandboxClock#DEFAULT} means the configuration's default (manual). */
    SandboxClock clock() default SandboxClock.DEFAULT;

    /** Whether leaked sandboxes fail the test. */
    enum Leaks {
        /** The configuration's default: kill quietly unless {@code sandbox.emulator.failOnLeak=true}. */
        DEFAULT,
        /** Kill them quietly. */
        KILL,
        /** Kill them and fail the test with the list of what leaked. */
        FAIL
    }
}
