package dev.sandboxemulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link SandboxTest} for a fresh {@code Sandbox}, created before the test (or before the
 * class, for a {@code @BeforeAll} parameter) and killed after it.
 *
 * <pre>{@code
 * @Test
 * void cloneCarriesFiles(@NewSandbox(metadata = "purpose=demo") Sandbox sandbox) { ... }
 * }</pre>
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NewSandbox {

    /** The template; {@code base} by default. */
    String template() default "base";

    /** The sandbox's timeout in seconds; the SDK's default of 300 unless given. */
    long timeoutSeconds() default 300;

    /** Metadata entries, each {@code key=value}. */
    String[] metadata() default {};

    /** Environment variables for every process in the sandbox, each {@code NAME=value}. */
    String[] envs() default {};
}
