package dev.sandboxemulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance field that {@link SandboxTest} fills before each test: a {@code SandboxClient},
 * {@code SandboxTeam}, {@link SandboxRuntimeInfo} or {@code SandboxAwait}. Fields are set again before every test, so
 * they always point at the running test's tenant, with either test-instance lifecycle. A static field is an error
 * (it could not follow the tenants of tests that run in parallel): take the value as a {@code @BeforeAll} parameter.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SandboxInject {
}
