package dev.sandboxemulator.emulator.backend.simulated.fs;

/**
 * An open file description, as open(2) makes one for a redirection: the file, whether it was
 * opened with O_APPEND, and its own offset. Each write is one filesystem operation, so racing
 * writers (other processes, uploads) interleave whole writes, never the halves of a
 * read-modify-write: an appending description writes at the end as it is at that moment, any
 * other writes at its offset and moves it (so {@code >} truncates once, at open, and never again).
 *
 * <p>Plain data in a job's table, copied with the job for a cloned process.
 */
public final class OpenFile {
    final String path;
    public final boolean append;
    private long offset;

    public OpenFile(String path, boolean append) {
        this.path = path;
        this.append = append;
    }

    /** Writes {@code data} through this description; the caller handles a file that went away. */
    public void write(CowFileSystem fs, byte[] data) {
        if (append) {
            fs.append(path, data);
        } else {
            fs.writeAt(path, offset, data);
        }
        offset += data.length;
    }

    public OpenFile copy() {
        OpenFile copy = new OpenFile(path, append);
        copy.offset = offset;
        return copy;
    }
}
