package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.FileOptions;
import dev.sandboxemulator.client.FileType;
import dev.sandboxemulator.client.Filesystem;
import dev.sandboxemulator.client.WriteInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code sandbox files ls|cat|put|get|rm}: a sandbox's files, through its envd. Relative paths start
 * in the user's home, as in the SDKs.
 */
@Command(name = "files", aliases = "fs", mixinStandardHelpOptions = true, description = "Work with a sandbox's files.",
        subcommands = {FilesCommand.ListFiles.class, FilesCommand.Cat.class, FilesCommand.Put.class, FilesCommand.Get.class,
                FilesCommand.Remove.class})
final class FilesCommand {

    /** What every files command takes: where to connect, which sandbox, and as whom. */
    static class Target {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(index = "0", paramLabel = "sandboxID")
        String sandboxId;

        @Option(names = {"-u", "--user"}, description = "Act as this user: user (default) or root.")
        String user;

        Filesystem files() {
            return Sandboxes.reach(connection.client(), sandboxId).files();
        }

        FileOptions options() {
            FileOptions.Builder options = FileOptions.builder();
            if (user != null) {
                options.user(user);
            }
            return options.build();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List a directory (default: the home).")
    static final class ListFiles extends Target implements Callable<Integer> {
        @Parameters(index = "1", arity = "0..1", defaultValue = "", paramLabel = "path")
        String path;

        @Option(names = {"-d", "--depth"}, defaultValue = "1", description = "How deep to list (default: ${DEFAULT-VALUE}).")
        int depth;

        @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty or json.")
        Format format;

        @Override
        public Integer call() {
            if (depth < 1) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--depth must be at least 1, was " + depth);
            }
            List<EntryInfo> entries = files().list(path, depth, options());
            if (format == Format.JSON) {
                ArrayNode array = Output.array();
                for (EntryInfo entry : entries) {
                    ObjectNode node = array.addObject();
                    node.put("name", entry.name());
                    node.put("path", entry.path());
                    node.put("type", entry.type().name().toLowerCase(Locale.ROOT));
                    node.put("size", entry.size());
                    node.put("permissions", entry.permissions());
                    node.put("owner", entry.owner());
                    node.put("modifiedTime", Output.time(entry.modifiedTime()));
                }
                Output.json(out(), array);
            } else {
                Output.table(out(), List.of("PERMISSIONS", "OWNER", "SIZE", "MODIFIED", "PATH"), entries.stream()
                        .map(e -> List.of(e.permissions(), e.owner(), Long.toString(e.size()), Output.time(e.modifiedTime()),
                                e.path() + (e.type() == FileType.DIRECTORY ? "/" : "")))
                        .collect(Collectors.toList()), "(empty)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true, description = "Print a file.")
    static final class Cat extends Target implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "path")
        String path;

        @Override
        public Integer call() {
            out().print(files().readText(path, options()));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "put", aliases = "upload", mixinStandardHelpOptions = true,
            description = "Copy a local file into the sandbox ('-' reads standard input).")
    static final class Put extends Target implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "local")
        String local;

        @Parameters(index = "2", paramLabel = "path")
        String path;

        @Override
        public Integer call() throws IOException {
            byte[] content;
            try {
                content = local.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(local));
            } catch (NoSuchFileException e) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "no local file " + local);
            }
            WriteInfo written = files().write(path, content, options());
            out().println("Wrote " + content.length + " bytes to " + written.path());
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "get", aliases = "download", mixinStandardHelpOptions = true,
            description = "Copy a file out of the sandbox (to the file's name in this directory without a local path).")
    static final class Get extends Target implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "path")
        String path;

        @Parameters(index = "2", arity = "0..1", paramLabel = "local")
        String local;

        @Override
        public Integer call() throws IOException {
            byte[] content = files().readBytes(path, options());
            Path target = Path.of(local != null ? local : Path.of(path).getFileName().toString());
            Files.write(target, content);
            out().println("Wrote " + content.length + " bytes to " + target);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove a file or a directory (with its contents).")
    static final class Remove extends Target implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "path")
        String path;

        @Override
        public Integer call() {
            files().remove(path, options());
            out().println("Removed " + path);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
