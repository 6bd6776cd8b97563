package dev.sandboxemulator.emulator.backend.container;

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
final class LeftoverReaper {
    static final String OWNER_FILE = "owner";
    private static final System.Logger LOG = System.getLogger(LeftoverReaper.class.getName());

    private LeftoverReaper() {
    }

    /**
     * Reaps what dead emulators left on this engine (their folders below {@code stagingRoot} and
     * below the engine's {@code defaultStagingRoot}, where emulators configured otherwise kept
     * theirs), then makes {@code instance}'s own staging folder below {@code stagingRoot}, marked
     * with its owner so that a later emulator can tell when it is dead; returns that folder.
     */
    static Path reapAndPrepare(DockerApi api, Path stagingRoot, Path defaultStagingRoot, ContainerInstance instance) throws IOException {
        reap(api, stagingRoot);
        if (!defaultStagingRoot.equals(stagingRoot)) {
            reapFolders(defaultStagingRoot);
        }
        Path staging = stagingRoot.resolve(instance.id());
        Files.createDirectories(staging);
        Files.writeString(staging.resolve(OWNER_FILE), instance.owner());
        return staging;
    }

    /** Best effort: another emulator may be reaping the same leftovers at the same time, and that is fine. */
    private static void reap(DockerApi api, Path stagingRoot) {
        try {
            reapContainersAndImages(api);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing what dead emulators left behind", e);
        }
        reapFolders(stagingRoot);
        CriuProcesses.removeOrphanedWorkFolders();
    }

    private static void reapContainersAndImages(DockerApi api) {
        Set<String> deadInstances = new HashSet<>();
        List<Container> containers = api.containersLabelled(ContainerInstance.LABEL_OWNER);
        for (Container container : containers) {
            String owner = container.getLabels().get(ContainerInstance.LABEL_OWNER);
            if (!HostProcess.isAlive(owner)) {
                deadInstances.add(container.getLabels().get(ContainerInstance.LABEL_INSTANCE));
                try {
                    stopCriuAndThaw(api, container.getId());
                    api.removeContainer(container.getId());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "removing leftover container " + container.getId(), e);
                }
            }
        }
        List<Image> images = api.imagesLabelled(ContainerInstance.LABEL_OWNER).stream()
                .filter(image -> !HostProcess.isAlive(image.getLabels().get(ContainerInstance.LABEL_OWNER)))
                .collect(Collectors.toList());
        // Newer images (clones of clones) hold older ones: remove in passes until nothing moves.
        boolean progress = true;
        while (progress && !images.isEmpty()) {
            progress = images.removeIf(image -> removeImage(api, image.getId()));
        }
        if (!images.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, images.size() + " images of dead emulators are still in use; left in place");
        }
        if (!deadInstances.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "removed what " + deadInstances.size() + " dead emulator instance(s) left behind");
        }
    }

    /**
     * A dead emulator may have died with its container frozen (in the middle of a capture, which it
     * thaws in a {@code finally} that never ran), or with CRIU restoring into it (a docker restore
     * runs on in the daemon). A frozen process cannot die, so its removal would hang: CRIU is
     * killed and the container thawed first.
     */
    private static void stopCriuAndThaw(DockerApi api, String containerId) {
        CriuProcesses.killFor(containerId);
        api.inspectIfPresent(containerId).ifPresent(inspected -> {
            if (inspected.getState() == null) {
                return;
            }
            Long pid = inspected.getState().getPidLong();
            if (pid != null && pid > 0) {
                try {
                    CgroupFreezer.of(Math.toIntExact(pid)).thaw();
                } catch (RuntimeException e) {
                    // no freezer to thaw: nothing frozen
                }
            }
            if (Boolean.TRUE.equals(inspected.getState().getPaused())) {
                try {
                    api.unpause(containerId);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "unpausing leftover container " + containerId, e);
                }
            }
        });
    }

    private static boolean removeImage(DockerApi api, String image) {
        try {
            return api.removeImage(image);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void reapFolders(Path stagingRoot) {
        if (!Files.isDirectory(stagingRoot)) {
            return;
        }
        try (Stream<Path> folders = Files.list(stagingRoot)) {
            for (Path folder : folders.collect(Collectors.toList())) {
                Path ownerFile = folder.resolve(OWNER_FILE);
                String owner = Files.exists(ownerFile) ? Files.readString(ownerFile).strip() : "";
                if (!HostProcess.isAlive(owner)) {
                    HostFolders.deleteQuietly(folder);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleaning " + stagingRoot, e);
        }
    }
}
