package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.backend.simulated.commands.Builtins;
import dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem;
import dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcesses;
import dev.sandboxemulator.emulator.backend.simulated.shell.Job;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.spi.Backend;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between the emulator's packages point one way: the public API uses the engine, the
 * engine and the backends use the SPI. An import the other way (the engine reaching for a public
 * type, a backend for the engine's) makes a package cycle, so this reads the compiled classes and
 * fails on any such reference, wherever in a class it sits: a field, a signature, a method body.
 * Inside the simulated backend, the same holds for its parts: the filesystem stands alone, builtins are
 * reached only through the shell's interpreter, and no part uses the backend class that wires them.
 */
class PackageDependencyDirectionTest {

    private static final String ROOT = "dev/sandboxemulator/emulator/";
    private static final String SIMULATED = ROOT + "backend/simulated/";

    /** A class name in a class file's constant pool, bare or inside a descriptor ({@code Ldev/...;}). */
    private static final Pattern EMULATOR_CLASS = Pattern.compile("dev/sandboxemulator/emulator/[A-Za-z0-9_$/]+");

    @Test
    void theEngineUsesNothingOfThePublicPackage() throws IOException {
        assertThat(referencesFrom(packageDirectory(Engine.class), PackageDependencyDirectionTest::inPublicPackage))
                .as("classes of the public package used by engine/ (the engine defines what it needs itself)")
                .isEmpty();
    }

    @Test
    void theBackendsUseNothingOfTheEngineOrThePublicPackage() throws IOException {
        Path backends = packageDirectory(SimulatedBackend.class).getParent();
        assertThat(referencesFrom(backends, name -> name.startsWith(ROOT + "engine/") || inPublicPackage(name)))
                .as("classes of engine/ or of the public package used by backend/** (backends see only spi/)")
                .isEmpty();
    }

    @Test
    void theSpiUsesNothingOfTheEngineOrThePublicPackage() throws IOException {
        assertThat(referencesFrom(packageDirectory(Backend.class), name -> name.startsWith(ROOT + "engine/") || inPublicPackage(name)))
                .as("classes of engine/ or of the public package used by spi/")
                .isEmpty();
    }

    /** The simulated backend's copy-on-write filesystem stands alone: processes, shell and builtins use it, never the reverse. */
    @Test
    void theSimulatedFilesystemUsesNothingElseOfTheSimulatedBackend() throws IOException {
        assertThat(referencesFrom(packageDirectory(CowFileSystem.class),
                name -> name.startsWith(SIMULATED) && !name.startsWith(SIMULATED + "fs/")))
                .as("classes of backend/simulated/** outside fs/ used by backend/simulated/fs/")
                .isEmpty();
    }

    /** Builtins are reached only through the shell's interpreter: the filesystem and the processes do not know them. */
    @Test
    void theSimulatedFilesystemAndProcessesUseNoBuiltin() throws IOException {
        for (Class<?> part : List.of(CowFileSystem.class, SimulatedProcesses.class)) {
            assertThat(referencesFrom(packageDirectory(part), name -> name.startsWith(SIMULATED + "commands/")))
                    .as("classes of backend/simulated/commands/ used by the package of " + part.getSimpleName())
                    .isEmpty();
        }
    }

    /** The parts of the simulated backend (fs, process, shell, commands) do not reach back for the backend that wires them. */
    @Test
    void theSimulatedBackendsPartsDoNotUseItsWiring() throws IOException {
        for (Class<?> part : List.of(CowFileSystem.class, SimulatedProcesses.class, Job.class, Builtins.class)) {
            assertThat(referencesFrom(packageDirectory(part), name -> name.startsWith(SIMULATED)
                    && name.indexOf('/', SIMULATED.length()) < 0))
                    .as("classes of backend/simulated/ itself used by the package of " + part.getSimpleName())
                    .isEmpty();
        }
    }

    /** A self-check: the scan does see a reference that is there, or the tests above would pass vacuously. */
    @Test
    void theScanFindsTheEnginesUseOfTheSpi() throws IOException {
        assertThat(referencesFrom(packageDirectory(Engine.class), name -> name.startsWith(ROOT + "spi/")))
                .anyMatch(reference -> reference.endsWith("-> " + ROOT + "spi/Backend"));
    }

    /** A self-check for the simulated backend's rules: the scan sees the processes' use of the filesystem. */
    @Test
    void theScanFindsTheSimulatedProcessesUseOfTheFilesystem() throws IOException {
        assertThat(referencesFrom(packageDirectory(SimulatedProcesses.class), name -> name.startsWith(SIMULATED + "fs/")))
                .anyMatch(reference -> reference.endsWith("-> " + SIMULATED + "fs/CowFileSystem"));
    }

    private static boolean inPublicPackage(String className) {
        return className.startsWith(ROOT) && className.indexOf('/', ROOT.length()) < 0;
    }

    /** The directory of compiled classes holding {@code type}'s package. */
    private static Path packageDirectory(Class<?> type) {
        URL url = type.getResource(type.getSimpleName() + ".class");
        assertThat(url).as("class file of " + type.getName()).isNotNull();
        assertThat(url.getProtocol()).as("this test reads classes from a directory, not from " + url).isEqualTo("file");
        try {
            return Paths.get(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "class -> referenced class" for every reference, from a class file under {@code directory}, that {@code forbidden} matches. */
    private static Set<String> referencesFrom(Path directory, Predicate<String> forbidden) throws IOException {
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(directory)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(classFiles).as("class files under " + directory).isNotEmpty();
        Set<String> found = new TreeSet<>();
        for (Path classFile : classFiles) {
            String from = ROOT + directory.getFileName() + "/" + directory.relativize(classFile);
            for (String name : classNamesIn(classFile)) {
                if (forbidden.test(name)) {
                    found.add(from.substring(0, from.length() - ".class".length()) + " -> " + name);
                }
            }
        }
        return found;
    }

    /**
     * The emulator's class names that a class file's constant pool mentions: as class entries and in
     * field, method and generic signatures. String literals are left out; they are text, not uses.
     */
    private static Set<String> classNamesIn(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file: " + classFile);
            }
            data.readUnsignedShort(); // minor version
            data.readUnsignedShort(); // major version
            int count = data.readUnsignedShort();
            String[] utf8 = new String[count];
            Set<Integer> stringLiterals = new HashSet<>();
            for (int index = 1; index < count; index++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[index] = data.readUTF();
                    case 8 -> stringLiterals.add(data.readUnsignedShort());
                    case 7, 16, 19, 20 -> data.readUnsignedShort();
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        index++; // a long or a double takes two slots
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            List<String> names = new ArrayList<>();
            for (int index = 1; index < count; index++) {
                if (utf8[index] != null && !stringLiterals.contains(index)) {
                    Matcher matcher = EMULATOR_CLASS.matcher(utf8[index]);
                    while (matcher.find()) {
                        names.add(matcher.group());
                    }
                }
            }
            return new TreeSet<>(names);
        }
    }
}
