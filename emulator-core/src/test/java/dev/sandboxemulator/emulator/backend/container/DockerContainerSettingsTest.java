package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A docker sandbox is a container that says what it is: labelled as ours, with the sandbox's
 * metadata, envs, resources and internet-access flag mapped to container settings, and its
 * template mapped to an image.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class DockerContainerSettingsTest {
    private static SandboxEmulator emulator;
    private static SandboxClient client;
    private static DockerApi docker;

    @BeforeAll
    static void start() {
        ContainerRequirement.assumeAvailable();
        emulator = SandboxEmulator.builder().backend("docker").templateImage("tiny", ContainerOptions.MINIMAL_IMAGE)
                .templateImage("missing", "sandbox-emulator/no-such-image:latest").start();
        client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey("test").build();
        docker = DockerApi.connect(DockerApi.dockerHost(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
            docker.close();
        }
    }

    @Test
    void metadataEnvsResourcesAndTheInternetFlagBecomeContainerSettings() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().putMetadata("team", "search")
                .putEnv("MODE", "offline").allowInternetAccess(false).build());
        try {
            InspectContainerResponse container = docker.inspect(containerOf(sandbox.id()).getId());

            assertThat(container.getConfig().getLabels())
                    .containsEntry("dev.sandboxemulator.sandbox", sandbox.id())
                    .containsEntry("dev.sandboxemulator.template", "base")
                    .containsEntry("dev.sandboxemulator.metadata.team", "search")
                    .containsEntry("dev.sandboxemulator.owner", HostProcess.self())
                    .containsKey("dev.sandboxemulator.instance");
            assertThat(container.getConfig().getEnv()).contains("MODE=offline", "E2B_SANDBOX_ID=" + sandbox.id());
            assertThat(container.getConfig().getHostName()).isEqualTo(sandbox.id());
            assertThat(container.getConfig().getTty()).isFalse();
            assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("none");
            assertThat(container.getHostConfig().getNanoCPUs()).isEqualTo(sandbox.info().cpuCount() * 1_000_000_000L);
            assertThat(container.getHostConfig().getMemory()).isEqualTo(sandbox.info().memoryMb() * 1024L * 1024);
            assertThat(sandbox.commands().run("ls /sys/class/net").stdout().split("\\s+")).containsExactly("lo");
        } finally {
            sandbox.kill();
        }
    }

    @Test
    void aSandboxWithInternetAccessHasANetworkAndItsClonesToo() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().build());
        try {
            Sandbox clone = sandbox.clone(CloneRequest.DEFAULT).sandboxes().get(0);
            for (Sandbox each : List.of(sandbox, clone)) {
                InspectContainerResponse container = docker.inspect(containerOf(each.id()).getId());
                assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("bridge");
                assertThat(each.commands().run("ls /sys/class/net").stdout()).contains("eth0");
            }
            clone.kill();
        } finally {
            sandbox.kill();
        }
    }

    @Test
    void metricsAreTheContainersRealMemoryAndDisk() {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder().build());
        try {
            sandbox.files().write("/home/user/blob.bin", "x".repeat(100_000));

            List<dev.sandboxemulator.client.SandboxMetric> metrics = sandbox.metrics();

            assertThat(metrics).hasSize(1);
            assertThat(metrics.get(0).memUsed()).isPositive().isLessThan(metrics.get(0).memTotal());
            assertThat(metrics.get(0).diskUsed()).isGreaterThan(100_000);
            assertThat(metrics.get(0).cpuUsedPct()).isBetween(0.0, 100.0 * metrics.get(0).cpuCount());
        } finally {
            sandbox.kill();
        }
    }

    @Test
    void aTemplateMapsToItsImageAndUnknownTemplatesToTheBaseImage() {
        Sandbox tiny = client.create(CreateSandboxRequest.builder().template("tiny").build());
        Sandbox other = client.create(CreateSandboxRequest.builder().template("data-science").build());
        try {
            assertThat(docker.inspect(containerOf(tiny.id()).getId()).getConfig().getImage()).isEqualTo(ContainerOptions.MINIMAL_IMAGE);
            assertThat(docker.inspect(containerOf(other.id()).getId()).getConfig().getImage()).isEqualTo(ContainerOptions.BASE_IMAGE);
            assertThat(tiny.files().readBytes("/bin/busybox")).isNotEmpty();
        } finally {
            tiny.kill();
            other.kill();
        }
    }

    @Test
    void aTemplateWhoseImageIsMissingIsAClearErrorThatLeavesNothing() {
        int before = emulator.sandboxIds().size();

        assertThatThrownBy(() -> client.create(CreateSandboxRequest.builder().template("missing").build()))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("template 'missing' maps to image sandbox-emulator/no-such-image:latest")
                .hasMessageContaining("scripts/setup-docker.sh");
        assertThat(emulator.sandboxIds()).hasSize(before);
    }

    private static Container containerOf(String sandboxId) {
        List<Container> containers = docker.containersLabelled(ContainerInstance.LABEL_SANDBOX + "=" + sandboxId);
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }
}
