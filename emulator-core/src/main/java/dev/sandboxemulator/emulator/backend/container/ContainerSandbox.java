package dev.sandboxemulator.emulator.backend.container;

import java.util.concurrent.ScheduledExecutorService;

/** One docker sandbox: its container, the host's view of it while it runs, its processes and files. */
final class ContainerSandbox {
    final String id;
    final String containerId;
    final ContainerProcessManager processes;
    final ContainerFileSystem fileSystem;
    /** The running container's view; null while it is stopped (paused, or being killed). */
    private volatile ContainerRoot root;

    ContainerSandbox(String id, String containerId, OutputPump pump, DirectoryWatcher watcher, ScheduledExecutorService timers,
                  boolean switchUsers) {
        this.id = id;
        this.containerId = containerId;
        this.processes = new ContainerProcessManager(() -> root, pump, timers, switchUsers);
        this.fileSystem = new ContainerFileSystem(this::root, watcher);
    }

    /** The container runs (again) as host process {@code hostPid}; open watches follow it. */
    void attach(int hostPid) {
        root = new ContainerRoot(hostPid);
        fileSystem.reattach();
    }

    /** The container has stopped: nothing may be read through its old view. */
    void detach() {
        root = null;
    }

    boolean isPaused() {
        return root == null;
    }

    /** The running container's view. */
    ContainerRoot root() {
        ContainerRoot current = root;
        if (current == null) {
            throw new ContainerRoot.ContainerGoneException("sandbox " + id + " is paused: its memory and files are in a checkpoint;"
                    + " resume it to reach them");
        }
        return current;
    }
}
