package dev.sandboxemulator.junit;

import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.SandboxTenant;
import dev.sandboxemulator.junit.internal.BackendAvailability;
import dev.sandboxemulator.junit.internal.AwaitSupport;
import dev.sandboxemulator.junit.internal.EmulatorResource;
import dev.sandboxemulator.junit.internal.ExtensionSettings;
import dev.sandboxemulator.junit.internal.SandboxScope;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Field;
import java.util.Optional;

/**
 * The extension behind {@link SandboxTest}. It holds no state of its own: the shared emulators
 * live in the root store, each test's tenant in its own store, so tests may run in parallel.
 * Register it through {@code @SandboxTest}.
 */
public final class SandboxExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SandboxExtension.class);
    private static final String METHOD_SCOPE = "method-scope";
    private static final String CLASS_SCOPE = "class-scope";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ExtensionSettings settings = ExtensionSettings.of(context);
        Optional<String> unavailable = BackendAvailability.unavailableReason(settings.backend());
        if (unavailable.isEmpty()) {
            return ConditionEvaluationResult.enabled("the " + settings.backend() + " backend is available");
        }
        String reason = "the " + settings.backend() + " backend is not available: " + unavailable.get();
        if (settings.requireDocker()) {
            throw new ExtensionConfigurationException(reason
                    + " (failing rather than skipping: sandbox.emulator.requireDocker / SANDBOX_EMULATOR_REQUIRE_DOCKER is set)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        SandboxScope scope = methodScope(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, scope);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SandboxScope scope = context.getStore(NAMESPACE).remove(METHOD_SCOPE, SandboxScope.class);
        if (scope == null) {
            return;
        }
        reportLeaks(context, scope);
    }

    /** Ends the class's scope: sandboxes made before all tests and left alive are the class's leaks, by the same rules. */
    @Override
    public void afterAll(ExtensionContext context) {
        SandboxScope scope = context.getStore(NAMESPACE).remove(CLASS_SCOPE, SandboxScope.class);
        if (scope != null) {
            reportLeaks(context, scope);
        }
    }

    /** Kills what the scope left alive; reports it, and fails the test (or class) when leaks fail. */
    private static void reportLeaks(ExtensionContext context, SandboxScope scope) {
        Optional<String> leaks = scope.finish();
        if (leaks.isPresent()) {
            context.publishReportEntry("sandbox-leaks", leaks.get());
            if (ExtensionSettings.of(context).failOnLeak()) {
                throw new AssertionFailedError(leaks.get());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SandboxClient.class || type == SandboxTeam.class || type == SandboxRuntimeInfo.class
                || AwaitSupport.isAwait(type) || type == Sandbox.class || notATeam(type);
    }

    /** The types a test might ask for instead of a {@link SandboxTeam}: claimed only to say why they are refused. */
    private static boolean notATeam(Class<?> type) {
        return type == SandboxEmulator.class || type == SandboxTenant.class;
    }

    private static String notATeamMessage(Class<?> type, String what) {
        return what + " has type " + type.getSimpleName() + ", but a @SandboxTest test gets a tenant of a shared emulator,"
                + " which the extension opens and closes; declare it as SandboxTeam for that tenant's clock, stubs, faults"
                + " and files";
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (notATeam(type)) {
            throw new ParameterResolutionException(notATeamMessage(type, "parameter " + parameter.getParameter().getName()));
        }
        SandboxScope scope = context.getTestMethod().isPresent() ? methodScope(context) : classScope(context);
        if (type == Sandbox.class) {
            NewSandbox spec = parameter.findAnnotation(NewSandbox.class).orElseThrow(() -> new ParameterResolutionException(
                    "a Sandbox parameter needs @NewSandbox (for example @NewSandbox Sandbox sandbox), so that the extension"
                            + " knows to create it; or take a SandboxClient and create sandboxes yourself"));
            return scope.newSandbox(spec);
        }
        return valueOf(type, scope);
    }

    private static Object valueOf(Class<?> type, SandboxScope scope) {
        if (type == SandboxClient.class) {
            return scope.client();
        }
        if (type == SandboxTeam.class) {
            return scope.team();
        }
        if (AwaitSupport.isAwait(type)) {
            // On the test's own clock: with the default manual clock its waits move time instead of spinning.
            return AwaitSupport.on(scope.team());
        }
        return scope.runtimeInfo();
    }

    private void injectFields(Object instance, SandboxScope scope) throws IllegalAccessException {
        rejectStaticFields(instance.getClass(), SandboxInject.class);
        rejectStaticFields(instance.getClass(), NewSandbox.class);
        for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), SandboxInject.class,
                f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN)) {
            Class<?> type = field.getType();
            if (notATeam(type)) {
                throw new ExtensionConfigurationException(notATeamMessage(type, "@SandboxInject field " + field.getName()));
            }
            if (type != SandboxClient.class && type != SandboxTeam.class && type != SandboxRuntimeInfo.class
                    && !AwaitSupport.isAwait(type)) {
                throw new ExtensionConfigurationException("@SandboxInject field " + field.getName() + " has type "
                        + type.getSimpleName()
                        + "; it must be SandboxClient, SandboxTeam, SandboxRuntimeInfo or SandboxAwait");
            }
            field.setAccessible(true);
            field.set(instance, valueOf(type, scope));
        }
        for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), NewSandbox.class,
                f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN)) {
            if (field.getType() != Sandbox.class) {
                throw new ExtensionConfigurationException("@NewSandbox field " + field.getName() + " must have type Sandbox");
            }
            field.setAccessible(true);
            field.set(instance, scope.newSandbox(field.getAnnotation(NewSandbox.class)));
        }
    }

    /**
     * Static fields are refused rather than left null: the extension fills fields per test, each test with a tenant of
     * its own, and one static field cannot point at the tenants of tests that run in parallel.
     */
    private static void rejectStaticFields(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> annotation) {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, annotation,
                f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN)) {
            throw new ExtensionConfigurationException("@" + annotation.getSimpleName() + " field "
                    + field.getDeclaringClass().getSimpleName() + "." + field.getName() + " is static, but the extension"
                    + " fills only instance fields, before each test, from that test's own tenant; make it an instance"
                    + " field, or take the value as a parameter of a @BeforeAll method to share it across the class");
        }
    }

    /** The test's scope: its own tenant, or a share of its class's when the class opened one. */
    private static SandboxScope methodScope(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(METHOD_SCOPE, key -> {
            SandboxScope classScope = store.get(CLASS_SCOPE, SandboxScope.class);
            String owner = owner(context);
            return classScope != null ? SandboxScope.within(classScope, owner)
                    : SandboxScope.open(emulator(context), ExtensionSettings.of(context), owner);
        }, SandboxScope.class);
    }

    /** The class's scope, opened when a constructor or {@code @BeforeAll} method asks for something. */
    private static SandboxScope classScope(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(CLASS_SCOPE,
                key -> SandboxScope.open(emulator(context), ExtensionSettings.of(context), owner(context)), SandboxScope.class);
    }

    private static EmulatorResource emulator(ExtensionContext context) {
        ExtensionSettings.EmulatorKey key = ExtensionSettings.of(context).emulatorKey();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, EmulatorResource::new, EmulatorResource.class);
    }

    private static String owner(ExtensionContext context) {
        String test = context.getTestMethod().map(m -> "." + m.getName() + (context.getDisplayName().startsWith(m.getName())
                ? "" : " [" + context.getDisplayName() + "]")).orElse("");
        return context.getTestClass().map(Class::getSimpleName).orElse("?") + test;
    }
}
