package dev.sandboxemulator.cli;

import picocli.CommandLine;

/** The version the jar was built as (its manifest's), or {@code development} when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SandboxEmulatorCli.class.getPackage().getImplementationVersion();
        return new String[] {"sandbox-emulator " + (version == null ? "development" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
