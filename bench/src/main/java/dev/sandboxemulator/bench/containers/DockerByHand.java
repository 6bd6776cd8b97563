package dev.sandboxemulator.bench.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Docker's clone by hand: {@code docker checkpoint create --leave-running}, {@code docker commit} (the files),
 * {@code docker create} from the committed image, the checkpoint folder copied into the new container's, and
 * {@code docker start --checkpoint}.
 */
final class DockerByHand extends ByHandClone {
    /** Docker names the committed images of this run so; the sweep removes what a failure left. */
    private static final String REPOSITORY = "sandbox-emulator-bench/by-hand";
    /** In each copied checkpoint: names the copy, so containerd's leftover copy of it can be found. */
    private static final String MARKER = "sandbox-emulator-bench-copy";

    private final Path root;

    DockerByHand() {
        super("docker");
        root = Path.of(Cli.run("docker", "info", "-f", "{{.DockerRootDir}}"));
    }

    @Override
    void cloneOnce(String parent, String parentId, String copy) {
        String checkpoint = checkpointOf(copy);
        Cli.run("docker", "checkpoint", "create", "--leave-running", parent, checkpoint);
        Cli.run("docker", "commit", parent, imageOf(copy));
        String copyId = Cli.run("docker", "create", "--name", copy, "--label", LABEL + "=" + RUN, imageOf(copy));
        Path target = root.resolve("containers").resolve(copyId).resolve("checkpoints");
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new IllegalStateException("could not create " + target, e);
        }
        Cli.run("cp", "-a", root.resolve("containers").resolve(parentId).resolve("checkpoints").resolve(checkpoint).toString(),
                target.resolve(checkpoint).toString());
        try {
            Files.writeString(target.resolve(checkpoint).resolve(MARKER), copy);
        } catch (IOException e) {
            throw new IllegalStateException("could not mark the checkpoint copy", e);
        }
        Cli.run("docker", "start", "--checkpoint", checkpoint, copy);
    }

    @Override
    void cleanUpClone(String parent, String copy) {
        Cli.quietly("docker", "checkpoint", "rm", parent, checkpointOf(copy));
        Cli.quietly("docker", "rmi", "-f", imageOf(copy));
        removeContainerdCopies(copy::equals);
    }

    @Override
    void sweep() {
        super.sweep();
        Cli.Result images = Cli.tryRun("docker", "images", "-q", REPOSITORY);
        if (images.exitCode() == 0) {
            for (String id : Cli.lines(images.output())) {
                Cli.quietly("docker", "rmi", "-f", id);
            }
        }
        removeContainerdCopies(copy -> copy.startsWith(PREFIX));
    }

    /**
     * containerd keeps a copy of every checkpoint it restored in /tmp (containerd issue 10166), hundreds of MiB
     * for a large parent; the marker tells this copy's from the backend's.
     */
    private static void removeContainerdCopies(Predicate<String> ofCopy) {
        try (Stream<Path> folders = Files.list(Path.of("/tmp"))) {
            folders.filter(folder -> folder.getFileName().toString().startsWith("ctrd-checkpoint"))
                    .filter(folder -> {
                        try {
                            return ofCopy.test(Files.readString(folder.resolve(MARKER)));
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(folder -> Cli.quietly("rm", "-rf", folder.toString()));
        } catch (IOException e) {
            // nothing to list: nothing to remove
        }
    }

    private static String checkpointOf(String copy) {
        return "cp-" + copy.substring(copy.lastIndexOf('-') + 1);
    }

    private static String imageOf(String copy) {
        return REPOSITORY + ":" + RUN + "-" + copy.substring(copy.lastIndexOf('-') + 1);
    }
}
