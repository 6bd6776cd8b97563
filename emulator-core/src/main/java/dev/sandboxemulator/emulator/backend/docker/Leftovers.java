package dev.sandboxemulator.emulator.backend.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes what emulators that died without closing (kill -9, a crashed test JVM) left behind:
 * containers and images labelled with an owner process that no longer runs, and their checkpoint
 * folders. Emulators that still run, in this JVM or another, are left alone.
 */
final class Leftovers {
    static final String OWNER_FILE = "owner";
    private static final System.Logger LOG = System.getLogger(Leftovers.class.getName());

    private Leftovers() {
    }

    static void reap(DockerApi api, Path stagingRoot) {
        Set<String> deadInstances = new HashSet<>();
        List<Container> containers = api.containersLabelled(DockerBackend.LABEL_OWNER);
        for (Container container : containers) {
            String owner = container.getLabels().get(DockerBackend.LABEL_OWNER);
            if (!HostProcess.isAlive(owner)) {
                deadInstances.add(container.getLabels().get(DockerBackend.LABEL_INSTANCE));
                api.removeContainer(container.getId());
            }
        }
        List<Image> images = api.imagesLabelled(DockerBackend.LABEL_OWNER).stream()
                .filter(image -> !HostProcess.isAlive(image.getLabels().get(DockerBackend.LABEL_OWNER)))
                .collect(Collectors.toList());
        // Newer images (clones of clones) hold older ones: remove in passes until nothing moves.
        boolean progress = true;
        while (progress && !images.isEmpty()) {
            progress = images.removeIf(image -> api.removeImage(image.getId()));
        }
        if (!images.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, images.size() + " images of dead emulators are still in use; left in place");
        }
        if (!Files.isDirectory(stagingRoot)) {
            return;
        }
        try (Stream<Path> folders = Files.list(stagingRoot)) {
            for (Path folder : folders.collect(Collectors.toList())) {
                Path ownerFile = folder.resolve(OWNER_FILE);
                String owner = Files.exists(ownerFile) ? Files.readString(ownerFile).strip() : "";
                if (!HostProcess.isAlive(owner)) {
                    DockerBackend.deleteTree(folder);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleaning " + stagingRoot, e);
        }
        if (!deadInstances.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "removed what " + deadInstances.size() + " dead emulator instance(s) left behind");
        }
    }
}
