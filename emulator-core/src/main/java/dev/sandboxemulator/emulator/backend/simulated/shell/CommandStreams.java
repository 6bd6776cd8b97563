package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile;

/**
 * The standard streams of one command, after its redirections: where it reads (stdin) and writes
 * (stdout, stderr). Plain values, so frames that hold them copy trivially.
 *
 * @param stdin {@link #PROCESS_STDIN}, {@link #EMPTY}, or the id of a byte source in the job
 */
public record CommandStreams(int stdin, Sink stdout, Sink stderr) {

    /** The process's own standard input. */
    public static final int PROCESS_STDIN = -1;
    /** Nothing to read: end of file at once (/dev/null). */
    public static final int EMPTY = -2;

    public static CommandStreams standard(boolean hasStdin) {
        return new CommandStreams(hasStdin ? PROCESS_STDIN : EMPTY, Sink.STDOUT, Sink.STDERR);
    }

    CommandStreams withStdin(int source) {
        return new CommandStreams(source, stdout, stderr);
    }

    CommandStreams withStdout(Sink sink) {
        return new CommandStreams(stdin, sink, stderr);
    }

    CommandStreams withStderr(Sink sink) {
        return new CommandStreams(stdin, stdout, sink);
    }

    /**
     * A destination for output.
     *
     * @param id the job's buffer ({@code BUFFER}) or open file description ({@code FILE}) it writes to
     */
    public record Sink(Type type, String path, int id) {
        public static final Sink STDOUT = new Sink(Type.STDOUT, null, -1);
        public static final Sink STDERR = new Sink(Type.STDERR, null, -1);
        static final Sink DISCARD = new Sink(Type.DISCARD, null, -1);

        public enum Type {
            /** The process's stdout stream. */
            STDOUT,
            /** The process's stderr stream. */
            STDERR,
            /** Written to a file through an {@link OpenFile} in the job's table. */
            FILE,
            /** Collected in one of the job's buffers: a pipe or a command substitution. */
            BUFFER,
            DISCARD
        }

        static Sink file(String path, int description) {
            return new Sink(Type.FILE, path, description);
        }

        static Sink buffer(int id) {
            return new Sink(Type.BUFFER, null, id);
        }
    }
}
