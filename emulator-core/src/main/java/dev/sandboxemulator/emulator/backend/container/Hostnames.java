package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Gives a restored container its own hostname. CRIU restores the UTS namespace with the memory,
 * so a clone would otherwise answer to its parent's name; a container has no right to rename
 * itself, but root on the host does, through {@code nsenter}.
 */
final class Hostnames {
    private static final System.Logger LOG = System.getLogger(Hostnames.class.getName());

    private Hostnames() {
    }

    /** Best effort: a clone whose hostname stays its parent's still works, and says who it is in E2B_SANDBOX_ID. */
    static void set(int hostPid, String hostname) {
        try {
            Process process = new ProcessBuilder("nsenter", "--target", Integer.toString(hostPid), "--uts", "hostname", hostname)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.log(System.Logger.Level.WARNING, "setting the hostname of a clone timed out");
            } else if (process.exitValue() != 0) {
                LOG.log(System.Logger.Level.WARNING, "setting the hostname of a clone failed (nsenter exit " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot run nsenter to set a clone's hostname: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
