package dev.sandboxemulator.emulator.spi;

/** The signals envd delivers. */
public enum ProcessSignal { SIGTERM, SIGKILL }
