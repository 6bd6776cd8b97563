package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything a container backend could leave behind on its engine's host, counted: containers and
 * images labelled by any emulator but another one that runs (another test run on the same host),
 * the backends' staging folders (checkpoints, archives), the
 * copies Docker extracts for every restore, and CRIU's own temporary folders. Tests take one
 * before and one after, and compare.
 */
public final class EngineLeftovers {
    private EngineLeftovers() {
    }

    /** What is there now. */
    public record Inventory(List<String> containers, List<String> images, List<String> stagedFiles, List<String> temporaryCopies) {
        /** One line for each thing, saying what kind it is. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            containers.forEach(item -> lines.add("container " + item));
            images.forEach(item -> lines.add("image " + item));
            stagedFiles.forEach(item -> lines.add("staged " + item));
            temporaryCopies.forEach(item -> lines.add("temporary " + item));
            return lines;
        }

        /** What this inventory has that {@code before} had not. */
        public List<String> newSince(Inventory before) {
            List<String> added = new ArrayList<>(lines());
            added.removeAll(before.lines());
            return added;
        }
    }

    /** The inventory of {@code engine} ({@code docker} or {@code podman}) on this host. */
    public static Inventory take(String engine) {
        String host = engine.equals("docker") ? DockerApi.dockerHost() : PodmanEngine.serviceHost();
        try (DockerApi api = DockerApi.connect(host, Duration.ofSeconds(60))) {
            List<String> containers = api.containersLabelled(ContainerInstance.LABEL_OWNER).stream()
                    .filter(c -> !ofAnotherLiveEmulator(c.getLabels().get(ContainerInstance.LABEL_OWNER)))
                    .map(c -> c.getId() + " " + c.getNames()[0]).collect(Collectors.toList());
            List<String> images = api.imagesLabelled(ContainerInstance.LABEL_OWNER).stream()
                    .filter(i -> !ofAnotherLiveEmulator(i.getLabels().get(ContainerInstance.LABEL_OWNER)))
                    .map(i -> i.getId()).collect(Collectors.toList());
            Path root = Path.of(api.info().getDockerRootDir());
            Path stagingRoot = root.resolve("sandbox-emulator");
            List<String> staged = walk(stagingRoot).stream()
                    .filter(file -> !ofAnotherLiveEmulator(ownerOfStagedFile(stagingRoot, Path.of(file)))).collect(Collectors.toList());
            List<String> temporary = new ArrayList<>(list(Path.of("/tmp"), "ctrd-checkpoint*"));
            temporary.addAll(list(Path.of("/tmp"), ".criu.mntns.*"));
            if (engine.equals("podman")) {
                temporary.addAll(list(root.resolve("tmp"), "*"));
                temporary.addAll(list(Path.of("/var/tmp"), "*"));
            }
            return new Inventory(containers, images, staged, temporary);
        }
    }

    /**
     * Whether {@code owner} is a running process other than this JVM: another emulator on the same
     * engines (another test run on this host) whose things come and go on their own.
     */
    static boolean ofAnotherLiveEmulator(String owner) {
        return owner != null && !owner.equals(HostProcess.self()) && HostProcess.isAlive(owner);
    }

    /** The owner named in the staging folder (the first below the root) that holds {@code file}. */
    private static String ownerOfStagedFile(Path stagingRoot, Path file) {
        Path relative = stagingRoot.relativize(file);
        try {
            return Files.readString(stagingRoot.resolve(relative.getName(0)).resolve(LeftoverReaper.OWNER_FILE)).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> walk(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + folder, e);
        }
    }

    private static List<String> list(Path folder, String glob) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, glob)) {
            entries.forEach(entry -> names.add(entry.toString()));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + folder, e);
        }
        return names;
    }
}
