package dev.sandboxemulator.emulator.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The serial explanation of calls that raced on one sandbox: the documented behaviour of kill, pause,
 * connect and clone, applied one call at a time in some order. Racing calls are correct when some order
 * gives every call the answer it got and ends where the service ended.
 */
final class SerialOrders {

    /** A call on the sandbox and the answer it got. */
    record Call(String operation, String answer) {
        @Override
        public String toString() {
            return operation + " -> " + answer;
        }
    }

    /** What is observable of the sandbox and its clones after the calls. */
    record End(boolean exists, boolean running, int clones) {
    }

    private SerialOrders() {
    }

    /**
     * An order of {@code calls}, from a running or paused sandbox with no clones, that explains every answer
     * and {@code end} under a running quota of {@code quota}; empty when none does.
     */
    static Optional<List<Call>> explaining(List<Call> calls, boolean startsRunning, int quota, End end) {
        return search(new ArrayList<>(calls), new ArrayList<>(), new End(true, startsRunning, 0), quota, end);
    }

    private static Optional<List<Call>> search(List<Call> left, List<Call> order, End now, int quota, End end) {
        if (left.isEmpty()) {
            return now.equals(end) ? Optional.of(List.copyOf(order)) : Optional.empty();
        }
        for (int index = 0; index < left.size(); index++) {
            Call call = left.get(index);
            Optional<End> after = apply(now, call, quota);
            if (after.isEmpty()) {
                continue;
            }
            left.remove(index);
            order.add(call);
            Optional<List<Call>> found = search(left, order, after.get(), quota, end);
            order.remove(order.size() - 1);
            left.add(index, call);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The state after {@code call} if, from {@code now}, the service answers it as it was answered. */
    private static Optional<End> apply(End now, Call call, int quota) {
        String expected;
        End after = now;
        boolean slotFree = (now.running() ? 1 : 0) + now.clones() < quota;
        if (!now.exists()) {
            expected = call.operation().equals("kill") ? "false" : "404";
        } else {
            switch (call.operation()) {
                case "kill" -> {
                    expected = "true";
                    after = new End(false, false, now.clones());
                }
                case "pause" -> {
                    expected = now.running() ? "true" : "false";
                    after = new End(true, false, now.clones());
                }
                case "connect" -> {
                    // Resuming takes a running slot; a running sandbox already has one.
                    expected = now.running() || slotFree ? "connected" : "429";
                    after = expected.equals("429") ? now : new End(true, true, now.clones());
                }
                case "clone" -> {
                    expected = slotFree ? "made 1" : "429";
                    after = slotFree ? new End(true, now.running(), now.clones() + 1) : now;
                }
                default -> throw new IllegalArgumentException("unknown operation " + call.operation());
            }
        }
        return expected.equals(call.answer()) ? Optional.of(after) : Optional.empty();
    }
}
