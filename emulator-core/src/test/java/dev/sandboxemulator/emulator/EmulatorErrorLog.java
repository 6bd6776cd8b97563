package dev.sandboxemulator.emulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the emulator logs as an error (an emulator bug by its own rule: {@code internal}
 * answers, failed simulated processes, unexpected handler failures) and every exception that
 * escapes a thread, so that a suite can insist its run left none. The emulator logs through
 * {@link System.Logger}, which lands in {@code java.util.logging} when nothing else is bound.
 */
public final class EmulatorErrorLog {
    /** Held strongly: java.util.logging forgets loggers nobody references, and their handlers with them. */
    private static final Logger EMULATOR = Logger.getLogger("dev.sandboxemulator");

    private final List<String> errors = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                record(record.getLoggerName() + ": " + record.getMessage(), record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Thread.UncaughtExceptionHandler previous;

    private EmulatorErrorLog() {
    }

    /** Starts recording; {@link #stop()} ends it. */
    public static EmulatorErrorLog start() {
        EmulatorErrorLog log = new EmulatorErrorLog();
        EMULATOR.addHandler(log.handler);
        log.previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            log.record("uncaught in thread " + thread.getName(), failure);
            if (log.previous != null) {
                log.previous.uncaughtException(thread, failure);
            }
        });
        return log;
    }

    /** Stops recording and returns what was recorded, each with its stack trace. */
    public List<String> stop() {
        EMULATOR.removeHandler(handler);
        Thread.setDefaultUncaughtExceptionHandler(previous);
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private void record(String what, Throwable failure) {
        StringWriter trace = new StringWriter();
        if (failure != null) {
            failure.printStackTrace(new PrintWriter(trace));
        }
        synchronized (errors) {
            errors.add(what + (failure == null ? "" : "\n" + trace));
        }
    }
}
