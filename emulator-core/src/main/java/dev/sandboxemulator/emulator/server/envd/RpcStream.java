package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one Connect server-streaming response: HTTP 200 with
 * {@code application/connect+json}, then enveloped messages, then exactly one end-stream message.
 *
 * <p>Producers (process output, filesystem events, timers) {@link #offer} items from any thread;
 * the request's own thread {@link #pump pumps} them to the client, sending a keepalive whenever
 * the stream has been idle for the interval the client asked for.
 */
final class RpcStream {
    /** What the pump does with a queued item. */
    interface Item {
    }

    /** A message to send. */
    record Message(JsonNode body) implements Item {
    }

    /** Ends the stream: successfully when {@code error} is null. */
    record End(ConnectException error) implements Item {
    }

    private final HttpExchange exchange;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private OutputStream out;
    private volatile Runnable beforeEnd = () -> { };

    RpcStream(HttpExchange exchange) {
        this.exchange = exchange;
    }

    void offer(Item item) {
        queue.add(item);
    }

    void send(JsonNode message) {
        offer(new Message(message));
    }

    void end(ConnectException error) {
        offer(new End(error));
    }

    /**
     * Runs {@code action} just before the end of the stream is written, so that whatever it releases
     * is released by the time the client reads the end.
     */
    void beforeEnd(Runnable action) {
        beforeEnd = action;
    }

    /**
     * Sends queued items until an {@link End}; returns false if the client went away first.
     *
     * @param keepalive the message to send when idle
     * @param interval how long the stream may stay silent
     */
    boolean pump(JsonNode keepalive, Duration interval) throws InterruptedException {
        try {
            open();
            while (true) {
                Item item = queue.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    Envelopes.write(out, Envelopes.FLAG_MESSAGE, ProtoJson.bytes(keepalive));
                } else if (item instanceof Message) {
                    Envelopes.write(out, Envelopes.FLAG_MESSAGE, ProtoJson.bytes(((Message) item).body()));
                } else {
                    writeEnd(((End) item).error());
                    return true;
                }
            }
        } catch (IOException clientGone) {
            return false;
        }
    }

    /** Ends a stream that failed before anything was sent: 200 and an end-stream error, as Connect does. */
    void failBeforeStart(ConnectException error) throws IOException {
        open();
        writeEnd(error);
    }

    private void open() throws IOException {
        if (out == null) {
            exchange.getResponseHeaders().set("Content-Type", "application/connect+json");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
        }
    }

    private void writeEnd(ConnectException error) throws IOException {
        beforeEnd.run();
        ObjectNode end = ProtoJson.object();
        if (error != null) {
            ObjectNode body = end.putObject("error");
            body.put("code", error.code().wireName());
            body.put("message", error.getMessage());
        }
        Envelopes.write(out, Envelopes.FLAG_END_STREAM, ProtoJson.bytes(end));
        out.close();
    }
}
