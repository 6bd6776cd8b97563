package dev.sandboxemulator.junit.internal;

import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.junit.await.SandboxAwait;

/**
 * The extension's only way to {@link SandboxAwait}, which builds on Awaitility (and its failures on AssertJ). Both are
 * optional dependencies: a test that never asks for a {@code SandboxAwait} must run without them on its classpath.
 * So the extension recognizes the type by name, without a class literal that would load it, and only this class,
 * loaded when a test does ask for one, links against it.
 */
public final class AwaitSupport {

    private static final String AWAIT_CLASS = "dev.sandboxemulator.junit.await.SandboxAwait";

    private AwaitSupport() {
    }

    /** Whether {@code type} is {@code SandboxAwait}, decided without loading it. */
    public static boolean isAwait(Class<?> type) {
        return type.getName().equals(AWAIT_CLASS);
    }

    /** A {@code SandboxAwait} on the team's clock; needs Awaitility (and AssertJ) on the classpath. */
    public static Object on(SandboxTeam team) {
        return SandboxAwait.on(team);
    }
}
