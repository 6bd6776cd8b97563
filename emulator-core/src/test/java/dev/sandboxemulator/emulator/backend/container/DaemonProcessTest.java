package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonProcessTest {

    @Test
    void anExecutableIsNamedByTheLastElementOfItsPath() {
        assertThat(DaemonProcess.isNamed("/usr/sbin/dockerd", "dockerd")).isTrue();
        assertThat(DaemonProcess.isNamed("dockerd", "dockerd")).isTrue();
        assertThat(DaemonProcess.isNamed("/usr/sbin/dockerd-rootless", "dockerd")).isFalse();
        assertThat(DaemonProcess.isNamed("/usr/sbin/dockerd/", "dockerd")).isFalse();
    }

    @Test
    void aPathWithNoFileNameNamesNothingInsteadOfFailing() {
        // Seen on a host: a process whose command was "/" made every standalone start fail.
        assertThat(DaemonProcess.isNamed("/", "dockerd")).isFalse();
        assertThat(DaemonProcess.isNamed("", "dockerd")).isFalse();
        assertThat(DaemonProcess.isNamed("a\0b", "dockerd")).isFalse();
    }

    @Test
    void searchingTheHostsProcessesNeverThrows() {
        assertThat(DaemonProcess.find("no-such-daemon-anywhere")).isEmpty();
    }
}
