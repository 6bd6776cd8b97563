package dev.sandboxemulator.emulator.backend.simulated.process;

import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated sandbox's processes. Pids start at {@value #FIRST_PID} and grow; a clone keeps its
 * parent's pids and counter, so a clone's next process gets the pid the parent's would have.
 *
 * <p>{@link #start} runs the new process's first steps before it returns: everything up to its
 * first wait (a {@code sleep}, input, a stub's delay) has happened by then, and a plain {@code echo
 * hi} has already ended. Its output is kept, so subscribing with replay sees all of it.
 *
 * <p>Ended processes are kept for {@link #byPid} only while they are among the last {@value #ENDED_KEPT}
 * to have ended when a process starts: a sandbox that runs thousands of commands neither grows nor slows
 * down (each start counts the running processes).
 */
public final class SimulatedProcesses implements ProcessManager {
    public static final int FIRST_PID = 1000;
    /** How many ended processes {@link #byPid} still finds. */
    public static final int ENDED_KEPT = 64;

    private final ProcessHost host;
    private final Map<Integer, SimulatedProcess> processes = new LinkedHashMap<>();
    private int nextPid = FIRST_PID;
    private boolean paused;

    public SimulatedProcesses(ProcessHost host) {
        this.host = host;
    }

    /** The processes of a restored image, running (or paused, if {@code paused}). */
    public SimulatedProcesses(ProcessHost host, Image image, boolean paused) {
        this.host = host;
        this.nextPid = image.nextPid;
        this.paused = paused;
        for (SimulatedProcess.ProcessImage process : image.processes) {
            processes.put(process.pid, new SimulatedProcess(host, process));
        }
        for (SimulatedProcess process : processes.values()) {
            if (paused) {
                process.startPaused();
            } else {
                process.begin();
            }
        }
    }

    @Override
    public SandboxProcess start(ProcessSpec spec) {
        Optional<FileEntry> cwd = host.fileSystem().stat(spec.cwd());
        if (cwd.isEmpty() || cwd.get().type() != FileEntry.Type.DIRECTORY) {
            throw new ProcessException(ProcessException.Reason.INVALID_ARGUMENT,
                    "cwd '" + spec.cwd() + "' does not exist");
        }
        SimulatedProcess process;
        boolean startPaused;
        synchronized (this) {
            forgetOldEnded();
            process = new SimulatedProcess(host, nextPid++, spec);
            processes.put(process.pid(), process);
            startPaused = paused;
        }
        if (startPaused) {
            process.startPaused();
        } else {
            process.begin();
        }
        return process;
    }

    /** Drops the ended processes beyond the last {@value #ENDED_KEPT}, oldest first (pids grow in insertion order). */
    private void forgetOldEnded() {
        int ended = 0;
        for (SimulatedProcess process : processes.values()) {
            if (!process.running()) {
                ended++;
            }
        }
        Iterator<SimulatedProcess> oldestFirst = processes.values().iterator();
        while (ended > ENDED_KEPT && oldestFirst.hasNext()) {
            if (!oldestFirst.next().running()) {
                oldestFirst.remove();
                ended--;
            }
        }
    }

    @Override
    public synchronized List<SandboxProcess> list() {
        List<SandboxProcess> running = new ArrayList<>();
        for (SimulatedProcess process : processes.values()) {
            if (process.running()) {
                running.add(process);
            }
        }
        return running;
    }

    @Override
    public synchronized Optional<SandboxProcess> byPid(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    @Override
    public synchronized Optional<SandboxProcess> byTag(String tag) {
        for (SimulatedProcess process : processes.values()) {
            if (process.running() && process.spec().tag().filter(tag::equals).isPresent()) {
                return Optional.of(process);
            }
        }
        return Optional.empty();
    }

    public void pause() {
        for (SimulatedProcess process : snapshotOfProcesses(true)) {
            process.pause();
        }
    }

    public void resume() {
        for (SimulatedProcess process : snapshotOfProcesses(false)) {
            process.resume();
        }
    }

    public void killAll() {
        for (SimulatedProcess process : snapshotOfProcesses(paused)) {
            process.kill();
        }
    }

    /** Copies of the running processes and the pid counter. */
    public Image image() {
        List<SimulatedProcess> running;
        int pid;
        synchronized (this) {
            running = new ArrayList<>();
            for (SimulatedProcess process : processes.values()) {
                if (process.running()) {
                    running.add(process);
                }
            }
            pid = nextPid;
        }
        List<SimulatedProcess.ProcessImage> images = new ArrayList<>();
        for (SimulatedProcess process : running) {
            SimulatedProcess.ProcessImage image = process.image();
            images.add(image);
        }
        return new Image(pid, images);
    }

    private synchronized List<SimulatedProcess> snapshotOfProcesses(boolean pausedAfter) {
        paused = pausedAfter;
        return new ArrayList<>(processes.values());
    }

    /** The captured processes of a sandbox. */
    public static final class Image {
        final int nextPid;
        final List<SimulatedProcess.ProcessImage> processes;

        Image(int nextPid, List<SimulatedProcess.ProcessImage> processes) {
            this.nextPid = nextPid;
            this.processes = List.copyOf(processes);
        }
    }
}
