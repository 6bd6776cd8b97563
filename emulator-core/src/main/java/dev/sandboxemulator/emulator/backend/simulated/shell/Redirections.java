package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile;
import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Applies redirections left to right, opening (creating, truncating) files as bash does: each
 * file redirection opens an {@link OpenFile} description, owned by the frame that applied it.
 */
final class Redirections {
    private Redirections() {
    }

    /** The redirected io, or null after printing bash's error on the original stderr. */
    static CommandStreams apply(Syscalls sys, Job job, Frame owner, List<Ast.Redirect> redirects, Expander expander) {
        CommandStreams io = owner.io;
        CommandStreams result = io;
        for (Ast.Redirect redirect : redirects) {
            String target = expander.single(redirect.target());
            switch (redirect.kind()) {
                case WRITE:
                case APPEND:
                case WRITE_BOTH:
                case APPEND_BOTH: {
                    boolean append = redirect.kind() == Ast.Redirect.Kind.APPEND
                            || redirect.kind() == Ast.Redirect.Kind.APPEND_BOTH;
                    CommandStreams.Sink sink = open(sys, job, owner, target, append, result);
                    if (sink == null) {
                        return null;
                    }
                    boolean both = redirect.kind() == Ast.Redirect.Kind.WRITE_BOTH
                            || redirect.kind() == Ast.Redirect.Kind.APPEND_BOTH;
                    if (both) {
                        result = result.withStdout(sink).withStderr(sink);
                    } else if (redirect.fd() == 1) {
                        result = result.withStdout(sink);
                    } else if (redirect.fd() == 2) {
                        result = result.withStderr(sink);
                    }
                    break;
                }
                case READ: {
                    if (redirect.fd() != 0) {
                        break;
                    }
                    if (target.equals("/dev/null")) {
                        result = result.withStdin(CommandStreams.EMPTY);
                        break;
                    }
                    String path = sys.resolve(job, target);
                    Optional<FileEntry> entry = stat(sys, path);
                    if (entry.isEmpty()) {
                        sys.write(job, io.stderr(), "bash: " + target + ": No such file or directory\n");
                        return null;
                    }
                    if (entry.get().type() == FileEntry.Type.DIRECTORY) {
                        sys.write(job, io.stderr(), "bash: " + target + ": Is a directory\n");
                        return null;
                    }
                    result = result.withStdin(job.newSource(sys.fs().read(path)));
                    break;
                }
                case HERE_DOCUMENT:
                    if (redirect.fd() == 0) {
                        result = result.withStdin(job.newSource(target.getBytes(StandardCharsets.UTF_8)));
                    }
                    break;
                default: { // DUPLICATE
                    int from = Integer.parseInt(target);
                    CommandStreams.Sink sink;
                    if (from == 1) {
                        sink = result.stdout();
                    } else if (from == 2) {
                        sink = result.stderr();
                    } else if (from == 0 && redirect.fd() == 0) {
                        break;
                    } else {
                        sys.write(job, io.stderr(), "bash: " + from + ": Bad file descriptor\n");
                        return null;
                    }
                    if (redirect.fd() == 1) {
                        result = result.withStdout(sink);
                    } else if (redirect.fd() == 2) {
                        result = result.withStderr(sink);
                    }
                    break;
                }
            }
        }
        return result;
    }

    private static CommandStreams.Sink open(Syscalls sys, Job job, Frame owner, String target, boolean append, CommandStreams current) {
        CommandStreams io = owner.io;
        switch (target) {
            case "/dev/null":
                return CommandStreams.Sink.DISCARD;
            case "/dev/stdout":
                return current.stdout();
            case "/dev/stderr":
                return current.stderr();
            default:
                break;
        }
        String path;
        try {
            path = sys.resolve(job, target);
        } catch (FileSystemException e) {
            sys.write(job, io.stderr(), "bash: " + target + ": " + strerror(e) + "\n");
            return null;
        }
        Optional<FileEntry> entry = stat(sys, path);
        if (entry.isPresent() && entry.get().type() == FileEntry.Type.DIRECTORY) {
            sys.write(job, io.stderr(), "bash: " + target + ": Is a directory\n");
            return null;
        }
        String parent = SandboxPaths.parent(path);
        Optional<FileEntry> parentEntry = stat(sys, parent);
        if (parentEntry.isEmpty()) {
            sys.write(job, io.stderr(), "bash: " + target + ": No such file or directory\n");
            return null;
        }
        if (parentEntry.get().type() != FileEntry.Type.DIRECTORY) {
            sys.write(job, io.stderr(), "bash: " + target + ": Not a directory\n");
            return null;
        }
        try {
            sys.fs().open(path, !append, sys.user());
        } catch (FileSystemException e) {
            // Changed under us since the checks above: report it as the checks would have.
            sys.write(job, io.stderr(), "bash: " + target + ": " + strerror(e) + "\n");
            return null;
        }
        int description = job.open(new OpenFile(path, append));
        owner.opened(description);
        return CommandStreams.Sink.file(path, description);
    }

    /** The C library's text for the errno a failed open(2) would have set. */
    private static String strerror(FileSystemException e) {
        switch (e.reason()) {
            case IS_A_DIRECTORY:
                return "Is a directory";
            case NOT_A_DIRECTORY:
                return "Not a directory";
            case NAME_TOO_LONG:
                return "File name too long";
            default:
                return "No such file or directory";
        }
    }

    static Optional<FileEntry> stat(Syscalls sys, String path) {
        try {
            return sys.fs().stat(path);
        } catch (FileSystemException e) {
            return Optional.empty();
        }
    }
}
