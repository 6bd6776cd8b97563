package dev.sandboxemulator.client.internal;

/** {@code {"onTimeout": "kill"|"pause", "autoResume": bool}} inside {@code SandboxDetail}. */
public record LifecycleJson(String onTimeout, Boolean autoResume) {}
