package dev.sandboxemulator.emulator.engine;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Makes ids in Novita's shapes: sandbox ids are {@code i} followed by 20 characters of
 * {@code [a-z0-9]}. A seeded generator gives the same ids on every run.
 */
public final class IdGenerator {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private final Random random;

    private IdGenerator(Random random) {
        this.random = random;
    }

    public static IdGenerator random() {
        return new IdGenerator(new SecureRandom());
    }

    public static IdGenerator seeded(long seed) {
        return new IdGenerator(new Random(seed));
    }

    public synchronized String sandboxId() {
        return "i" + chars(ALPHABET, 20);
    }

    public synchronized String clientId() {
        return chars(HEX, 8);
    }

    public synchronized String accessToken() {
        return chars(HEX, 32);
    }

    public synchronized String snapshotId() {
        return "snapshot-" + chars(ALPHABET, 16);
    }

    private String chars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
