package dev.sandboxemulator.emulator.backend.simulated.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builtins table in {@code docs/simulated-shell.md} is the users' list of what the simulated shell
 * can run; it must name exactly the registered commands, so a command added without docs, or
 * documented without code, fails here.
 */
class BuiltinsDocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "simulated-shell.md");
    /** A code span in a table cell; its first word is the command ({@code `uname [-a]`} is {@code uname}). */
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    @Test
    void theDocumentedCommandTableNamesExactlyTheRegisteredBuiltins() throws IOException {
        assertThat(documentedCommands(Files.readAllLines(DOC)))
                .isEqualTo(new TreeSet<>(Builtins.COMMANDS.keySet()));
    }

    @Test
    void everyRegisteredCommandIsKnownUnderTheNameItIsFiledUnder() {
        Builtins.COMMANDS.forEach((name, command) -> assertThat(command.name()).isEqualTo(name));
        assertThat(Builtins.NAMES).isEqualTo(Builtins.COMMANDS.keySet());
    }

    /** The first column of the table under "## Builtins" whose header starts with "Command". */
    private static Set<String> documentedCommands(List<String> lines) {
        int section = lines.indexOf("## Builtins");
        assertThat(section).as("a '## Builtins' section in " + DOC).isNotNegative();
        int header = section;
        while (!lines.get(header).startsWith("| Command |")) {
            header++;
        }
        Set<String> names = new TreeSet<>();
        // the header, then the |---| separator, then one row per command (or group of commands)
        for (int row = header + 2; row < lines.size() && lines.get(row).startsWith("|"); row++) {
            String firstColumn = lines.get(row).split("\\|")[1];
            Matcher span = CODE_SPAN.matcher(firstColumn);
            while (span.find()) {
                names.add(span.group(1).trim().split(" ")[0]);
            }
        }
        assertThat(names).as("commands in the table of " + DOC).isNotEmpty();
        return names;
    }
}
