package dev.sandboxemulator.emulator.backend.simulated.commands;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;
import dev.sandboxemulator.emulator.spi.FileEntry;
import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.util.List;
import java.util.Optional;

/** {@code mkdir rmdir rm mv cp touch}, with coreutils' messages. */
final class FileCommands {
    private FileCommands() {
    }

    static int mkdir(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "m", "pv");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        if (options.operands.isEmpty()) {
            return call.usage("missing operand", 1);
        }
        int status = 0;
        for (String dir : options.operands) {
            String path = call.path(dir);
            Optional<FileEntry> existing = call.stat(dir);
            if (existing.isPresent()) {
                if (options.has('p') && existing.get().type() == FileEntry.Type.DIRECTORY) {
                    continue;
                }
                call.err("mkdir: cannot create directory '" + dir + "': File exists\n");
                status = 1;
                continue;
            }
            String parent = SandboxPaths.parent(path);
            if (!options.has('p')) {
                Optional<FileEntry> parentEntry = call.sys.fs().stat(parent);
                if (parentEntry.isEmpty()) {
                    call.err("mkdir: cannot create directory '" + dir + "': No such file or directory\n");
                    status = 1;
                    continue;
                }
                if (parentEntry.get().type() != FileEntry.Type.DIRECTORY) {
                    call.err("mkdir: cannot create directory '" + dir + "': Not a directory\n");
                    status = 1;
                    continue;
                }
            } else if (fileOnPath(call.sys.fs(), parent)) {
                call.err("mkdir: cannot create directory '" + dir + "': Not a directory\n");
                status = 1;
                continue;
            }
            call.sys.fs().makeDirectories(path, call.sys.user());
            if (options.has('v')) {
                call.out("mkdir: created directory '" + dir + "'\n");
            }
        }
        return status;
    }

    /** Whether a file (not a directory) sits somewhere on {@code path}. */
    private static boolean fileOnPath(SandboxFileSystem fs, String path) {
        String at = "";
        for (String part : SandboxPaths.split(path)) {
            at = at + "/" + part;
            Optional<FileEntry> entry = fs.stat(at);
            if (entry.isEmpty()) {
                return false;
            }
            if (entry.get().type() != FileEntry.Type.DIRECTORY) {
                return true;
            }
        }
        return false;
    }

    static int rmdir(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "pv");
        if (options.operands.isEmpty()) {
            return call.usage("missing operand", 1);
        }
        int status = 0;
        for (String dir : options.operands) {
            Optional<FileEntry> entry = call.stat(dir);
            if (entry.isEmpty()) {
                call.err("rmdir: failed to remove '" + dir + "': No such file or directory\n");
                status = 1;
            } else if (entry.get().type() != FileEntry.Type.DIRECTORY) {
                call.err("rmdir: failed to remove '" + dir + "': Not a directory\n");
                status = 1;
            } else if (!call.sys.fs().list(call.path(dir), 1).isEmpty()) {
                call.err("rmdir: failed to remove '" + dir + "': Directory not empty\n");
                status = 1;
            } else {
                call.sys.fs().remove(call.path(dir));
            }
        }
        return status;
    }

    static int rm(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "rRfvid");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        boolean recursive = options.has('r') || options.has('R') || options.longOptions.contains("recursive");
        boolean force = options.has('f') || options.longOptions.contains("force");
        if (options.operands.isEmpty()) {
            return force ? 0 : call.usage("missing operand", 1);
        }
        int status = 0;
        for (String target : options.operands) {
            String path = call.path(target);
            Optional<FileEntry> entry = call.stat(target);
            if (path.equals("/") && recursive) {
                call.err("rm: it is dangerous to operate recursively on '/'\n"
                        + "rm: use --no-preserve-root to override this failsafe\n");
                status = 1;
                continue;
            }
            if (entry.isEmpty()) {
                if (!force) {
                    call.err("rm: cannot remove '" + target + "': No such file or directory\n");
                    status = 1;
                }
                continue;
            }
            if (entry.get().type() == FileEntry.Type.DIRECTORY && !recursive) {
                if (options.has('d') && call.sys.fs().list(path, 1).isEmpty()) {
                    call.sys.fs().remove(path);
                    continue;
                }
                call.err("rm: cannot remove '" + target + "': Is a directory\n");
                status = 1;
                continue;
            }
            call.sys.fs().remove(path);
            if (options.has('v')) {
                call.out("removed '" + target + "'\n");
            }
        }
        return status;
    }

    static int mv(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "fivnT");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        List<String> operands = options.operands;
        Integer unusable = checkOperands(call, "mv", operands);
        if (unusable != null) {
            return unusable;
        }
        String destination = operands.get(operands.size() - 1);
        boolean intoDirectory = call.isDirectory(destination);
        int status = 0;
        for (String source : operands.subList(0, operands.size() - 1)) {
            Optional<FileEntry> entry = call.stat(source);
            if (entry.isEmpty()) {
                call.err("mv: cannot stat '" + source + "': No such file or directory\n");
                status = 1;
                continue;
            }
            String from = call.path(source);
            String to = intoDirectory ? SandboxPaths.resolve(call.path(destination), name(from)) : call.path(destination);
            if (from.equals(to)) {
                call.err("mv: '" + source + "' and '" + destination + "' are the same file\n");
                status = 1;
                continue;
            }
            if (to.startsWith(from + "/")) {
                call.err("mv: cannot move '" + source + "' to a subdirectory of itself, '" + destination + "/"
                        + name(from) + "'\n");
                status = 1;
                continue;
            }
            if (call.sys.fs().stat(SandboxPaths.parent(to)).isEmpty()) {
                call.err("mv: cannot move '" + source + "' to '" + destination + "': No such file or directory\n");
                status = 1;
                continue;
            }
            Optional<FileEntry> existing = call.sys.fs().stat(to);
            if (existing.isPresent() && existing.get().type() == FileEntry.Type.DIRECTORY
                    && entry.get().type() != FileEntry.Type.DIRECTORY) {
                call.err("mv: cannot overwrite directory '" + destination + "' with non-directory\n");
                status = 1;
                continue;
            }
            call.sys.fs().move(from, to);
        }
        return status;
    }

    static int cp(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "", "rRapfvnPLd");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        boolean recursive = options.has('r') || options.has('R') || options.has('a');
        List<String> operands = options.operands;
        Integer unusable = checkOperands(call, "cp", operands);
        if (unusable != null) {
            return unusable;
        }
        String destination = operands.get(operands.size() - 1);
        boolean intoDirectory = call.isDirectory(destination);
        int status = 0;
        SandboxFileSystem fs = call.sys.fs();
        for (String source : operands.subList(0, operands.size() - 1)) {
            Optional<FileEntry> entry = call.stat(source);
            if (entry.isEmpty()) {
                call.err("cp: cannot stat '" + source + "': No such file or directory\n");
                status = 1;
                continue;
            }
            String from = call.path(source);
            String to = intoDirectory ? SandboxPaths.resolve(call.path(destination), name(from)) : call.path(destination);
            if (entry.get().type() == FileEntry.Type.DIRECTORY) {
                if (!recursive) {
                    call.err("cp: -r not specified; omitting directory '" + source + "'\n");
                    status = 1;
                    continue;
                }
                if (to.equals(from) || to.startsWith(from + "/")) {
                    call.err("cp: cannot copy a directory, '" + source + "', into itself, '" + destination + "'\n");
                    status = 1;
                    continue;
                }
                if (fs.stat(SandboxPaths.parent(to)).isEmpty()) {
                    call.err("cp: cannot create directory '" + destination + "': No such file or directory\n");
                    status = 1;
                    continue;
                }
                List<FileEntry> below = fs.list(from, Integer.MAX_VALUE);
                fs.makeDirectories(to, call.sys.user());
                for (FileEntry child : below) {
                    String target = to + child.path().substring(from.length());
                    if (child.type() == FileEntry.Type.DIRECTORY) {
                        fs.makeDirectories(target, call.sys.user());
                    } else {
                        fs.write(target, fs.read(child.path()), call.sys.user());
                    }
                }
                continue;
            }
            if (from.equals(to)) {
                call.err("cp: '" + source + "' and '" + destination + "' are the same file\n");
                status = 1;
                continue;
            }
            Optional<FileEntry> parent = fs.stat(SandboxPaths.parent(to));
            if (parent.isEmpty() || parent.get().type() != FileEntry.Type.DIRECTORY) {
                call.err("cp: cannot create regular file '" + destination + "': "
                        + (parent.isEmpty() ? "No such file or directory" : "Not a directory") + "\n");
                status = 1;
                continue;
            }
            Optional<FileEntry> existing = fs.stat(to);
            if (existing.isPresent() && existing.get().type() == FileEntry.Type.DIRECTORY) {
                call.err("cp: cannot overwrite directory '" + destination + "' with non-directory\n");
                status = 1;
                continue;
            }
            fs.write(to, fs.read(from), call.sys.user());
        }
        return status;
    }

    static int touch(Builtins.Call call) {
        GnuOptions options = GnuOptions.parse(call.args(), "dtr", "acm");
        if (options.error != null) {
            return call.usage(options.error, 1);
        }
        if (options.operands.isEmpty()) {
            return call.usage("missing file operand", 1);
        }
        int status = 0;
        SandboxFileSystem fs = call.sys.fs();
        for (String file : options.operands) {
            String path = call.path(file);
            Optional<FileEntry> entry = call.stat(file);
            if (entry.isPresent()) {
                if (entry.get().type() == FileEntry.Type.FILE) {
                    touchAtomically(call, file, path);
                }
                continue;
            }
            if (options.has('c')) {
                continue;
            }
            Optional<FileEntry> parent = fs.stat(SandboxPaths.parent(path));
            if (parent.isEmpty() || parent.get().type() != FileEntry.Type.DIRECTORY) {
                call.err("touch: cannot touch '" + file + "': "
                        + (parent.isEmpty() ? "No such file or directory" : "Not a directory") + "\n");
                status = 1;
                continue;
            }
            if (!touchAtomically(call, file, path)) {
                status = 1;
            }
        }
        return status;
    }

    /** One filesystem step, so a racing writer's bytes are neither lost (read-modify-write) nor truncated. */
    private static boolean touchAtomically(Builtins.Call call, String file, String path) {
        try {
            call.sys.fs().touch(path, call.sys.user());
            return true;
        } catch (FileSystemException e) {
            call.err("touch: cannot touch '" + file + "': No such file or directory\n");
            return false;
        }
    }

    /**
     * The operand checks mv and cp share: at least a source and a destination, and a directory as
     * the destination of several sources. Returns the exit status after reporting a problem, or
     * null when the operands are usable.
     */
    private static Integer checkOperands(Builtins.Call call, String command, List<String> operands) {
        if (operands.size() < 2) {
            return call.usage(operands.isEmpty() ? "missing file operand"
                    : "missing destination file operand after '" + operands.get(0) + "'", 1);
        }
        String destination = operands.get(operands.size() - 1);
        if (operands.size() > 2 && !call.isDirectory(destination)) {
            call.err(command + ": target '" + destination + "': Not a directory\n");
            return 1;
        }
        return null;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
