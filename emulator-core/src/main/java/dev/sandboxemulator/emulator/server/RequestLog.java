package dev.sandboxemulator.emulator.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * One line per answered request, on the logger {@value #LOGGER} at DEBUG (java.util.logging's
 * FINE): method, path, the sandbox a data-plane request named, status and time taken. Off unless
 * someone turns that logger on, as the command line's {@code serve} does, so that tests which embed
 * the emulator see nothing of it.
 */
final class RequestLog extends Filter {
    static final String LOGGER = "dev.sandboxemulator.emulator.requests";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
            chain.doFilter(exchange);
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            String sandbox = exchange.getRequestHeaders().getFirst("Novita-Sandbox-Id");
            if (sandbox == null) {
                sandbox = exchange.getRequestHeaders().getFirst("E2b-Sandbox-Id");
            }
            int status = exchange.getResponseCode();
            LOG.log(System.Logger.Level.DEBUG, exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (sandbox == null ? "" : " [" + sandbox + "]") + " -> " + (status == -1 ? "no answer" : status)
                    + " (" + millis + " ms)");
        }
    }

    @Override
    public String description() {
        return "logs one line per request at DEBUG";
    }
}
