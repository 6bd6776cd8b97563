package dev.sandboxemulator.emulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small, obviously correct model of the service's control plane as Novita documents it (and as
 * docs/differences.md settles what it leaves open): which sandboxes exist, whether each runs or is
 * paused, when it times out, what files it holds, and how much of the running quota is used.
 *
 * <p>The model is pure: it does no I/O and knows nothing of HTTP. Each method says what the service
 * must answer and changes the model as the service must change. {@link ModelRun} drives the real
 * emulator and this model side by side and compares them.
 */
final class ServiceModel {

    /** What the model tracks of one sandbox. Files are whole-text contents by absolute path. */
    static final class Box {
        final String id;
        final boolean pauseOnTimeout;
        /** Whether a data-plane call wakes it when it is paused (only with {@link #pauseOnTimeout}). */
        final boolean autoResume;
        boolean running = true;
        Instant endAt;
        long timeoutSeconds;
        final Map<String, String> files;

        Box(String id, boolean pauseOnTimeout, boolean autoResume, Map<String, String> files) {
            this.id = id;
            this.pauseOnTimeout = pauseOnTimeout;
            this.autoResume = autoResume;
            this.files = new LinkedHashMap<>(files);
        }

        @Override
        public String toString() {
            return id + (running ? " running until " + endAt : " paused") + " " + files;
        }
    }

    /** Any timeout above this is silently capped (docs/differences.md: "Timeout caps"). */
    static final long MAX_TIMEOUT_SECONDS = Duration.ofHours(1).toSeconds();

    /** What a clone of a paused parent gets when the request names no timeout (the wire API's 5 minutes). */
    static final long PAUSED_PARENT_CLONE_TIMEOUT_SECONDS = Duration.ofMinutes(5).toSeconds();

    final int quota;
    private Instant now;
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    /** Ids that existed once (killed or timed out): they must be as unknown as ids never issued. */
    private final Set<String> gone = new LinkedHashSet<>();

    ServiceModel(int quota, Instant now) {
        this.quota = quota;
        this.now = now;
    }

    Instant now() {
        return now;
    }

    int running() {
        return (int) boxes.values().stream().filter(box -> box.running).count();
    }

    int quotaLeft() {
        return quota - running();
    }

    Optional<Box> box(String id) {
        return Optional.ofNullable(boxes.get(id));
    }

    List<Box> boxes() {
        return new ArrayList<>(boxes.values());
    }

    Set<String> gone() {
        return Set.copyOf(gone);
    }

    static long capped(long timeoutSeconds) {
        return Math.min(timeoutSeconds, MAX_TIMEOUT_SECONDS);
    }

    // ---- time ---------------------------------------------------------------------------------

    /** Moves the model's clock; timeouts that pass are applied by {@link #expire()}. */
    void advance(Duration by) {
        now = now.plus(by);
        expire();
    }

    /**
     * Applies every timeout that has passed: a sandbox whose end is not after now is killed, or
     * paused when its lifecycle says so (a paused one keeps its old end time). The service does this
     * at the start of every call, so the model does it after every action.
     */
    void expire() {
        for (Box box : boxes()) {
            if (box.running && !box.endAt.isAfter(now)) {
                if (box.pauseOnTimeout) {
                    box.running = false;
                } else {
                    remove(box.id);
                }
            }
        }
    }

    // ---- control plane ------------------------------------------------------------------------

    /** Whether a create must succeed: a running slot is free. */
    boolean canStartOne() {
        return quotaLeft() >= 1;
    }

    void created(String id, long timeoutSeconds, boolean pauseOnTimeout, boolean autoResume) {
        Box box = new Box(id, pauseOnTimeout, autoResume, Map.of());
        start(box, capped(timeoutSeconds));
        boxes.put(id, box);
    }

    void killed(String id) {
        remove(id);
    }

    void paused(String id) {
        boxes.get(id).running = false;
    }

    void timeoutSet(String id, long timeoutSeconds) {
        Box box = boxes.get(id);
        box.timeoutSeconds = capped(timeoutSeconds);
        box.endAt = now.plusSeconds(box.timeoutSeconds);
    }

    /**
     * What connect does: resumes a paused sandbox with a fresh timeout (the caller checked the quota), or
     * extends a running one's end when the new end is later, never shortening it.
     */
    void connected(String id, long timeoutSeconds) {
        Box box = boxes.get(id);
        long timeout = capped(timeoutSeconds);
        Instant newEnd = now.plusSeconds(timeout);
        if (!box.running) {
            start(box, timeout);
        } else if (newEnd.isAfter(box.endAt)) {
            box.endAt = newEnd;
            box.timeoutSeconds = timeout;
        }
    }

    /**
     * The lifetime of a clone: the requested timeout (capped), else a running parent's configured
     * timeout, else five minutes.
     */
    long cloneTimeoutSeconds(String parentId, Optional<Long> requested) {
        Box parent = boxes.get(parentId);
        if (requested.isPresent()) {
            return capped(requested.get());
        }
        return parent.running ? parent.timeoutSeconds : PAUSED_PARENT_CLONE_TIMEOUT_SECONDS;
    }

    /** Records a clone: a running copy of the parent's files and lifecycle; the parent is unchanged. */
    void cloned(String parentId, String cloneId, long timeoutSeconds) {
        Box parent = boxes.get(parentId);
        Box copy = new Box(cloneId, parent.pauseOnTimeout, parent.autoResume, parent.files);
        start(copy, timeoutSeconds);
        boxes.put(cloneId, copy);
    }

    // ---- data plane ---------------------------------------------------------------------------

    /** What a data-plane call to a sandbox meets. */
    enum Access {
        /** It runs (perhaps just woken): the call is served. */
        SERVED,
        /** It is gone, or paused without auto-resume: the edge proxy's 502. */
        NOT_RUNNING,
        /** It would auto-resume, but the running quota is full: refused, and it stays paused. */
        OVER_QUOTA
    }

    /**
     * What a data-plane call to {@code id} meets; a paused sandbox with auto-resume is woken first, with its
     * last configured timeout, when a running slot is free.
     */
    Access access(String id) {
        Box box = boxes.get(id);
        if (box == null) {
            return Access.NOT_RUNNING;
        }
        if (box.running) {
            return Access.SERVED;
        }
        if (!box.autoResume) {
            return Access.NOT_RUNNING;
        }
        if (!canStartOne()) {
            return Access.OVER_QUOTA;
        }
        start(box, box.timeoutSeconds);
        return Access.SERVED;
    }

    void written(String id, String path, String content) {
        boxes.get(id).files.put(path, content);
    }

    void removed(String id, String path) {
        boxes.get(id).files.remove(path);
    }

    /** A file moved onto another path replaces what was there, as rename(2) does. */
    void renamed(String id, String from, String to) {
        Map<String, String> files = boxes.get(id).files;
        String content = files.remove(from);
        files.put(to, content);
    }

    Optional<String> file(String id, String path) {
        return Optional.ofNullable(boxes.get(id).files.get(path));
    }

    private void start(Box box, long timeoutSeconds) {
        box.running = true;
        box.timeoutSeconds = timeoutSeconds;
        box.endAt = now.plusSeconds(timeoutSeconds);
    }

    private void remove(String id) {
        boxes.remove(id);
        gone.add(id);
    }

    @Override
    public String toString() {
        return "model at " + now + ", quota " + quota + ": " + boxes.values();
    }
}
