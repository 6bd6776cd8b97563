package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding the engine's daemon among the host's processes, whatever else runs there. The model test on
 * docker found this: a process whose executable briefly reads as {@code /} (one being set up or restored
 * while the emulator starts) made the search throw, and the docker backend failed to start.
 */
class DaemonProcessTest {

    @Test
    void anExecutableIsNamedByTheLastElementOfItsPath() {
        assertThat(DaemonProcess.executableName("/usr/bin/dockerd")).isEqualTo("dockerd");
        assertThat(DaemonProcess.executableName("dockerd")).isEqualTo("dockerd");
    }

    @Test
    void aProcessWhoseExecutableReadsAsTheRootDirectoryHasNoName() {
        assertThat(DaemonProcess.executableName("/")).isEmpty();
    }

    @Test
    void aProcessWhoseExecutableIsNoPathHasNoName() {
        assertThat(DaemonProcess.executableName("")).isEmpty();
        assertThat(DaemonProcess.executableName("a\0b")).isEmpty();
    }

    @Test
    void searchingTheHostsProcessesNeverThrows() {
        assertThat(DaemonProcess.find("no-such-daemon-anywhere")).isEmpty();
    }
}
