package dev.sandboxemulator.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The signature envd accepts instead of {@code X-Access-Token} on {@code /files}: {@code "v1_"} followed by the standard
 * base64, without {@code =} padding, of SHA-256 over {@code "<path>:<operation>:<user>:<token>[:<expiration>]"}.
 */
public final class FileSignature {
    private FileSignature() {}

    /**
     * Returns the signature.
     *
     * @param operation {@code "read"} or {@code "write"}
     * @param user the user, or null for the empty string
     * @param expiresAtEpochSecond the expiry in unix seconds, or null when the signature does not expire
     */
    public static String sign(String path, String operation, String user, String token, Long expiresAtEpochSecond) {
        String raw =
                path
                        + ":"
                        + operation
                        + ":"
                        + (user == null ? "" : user)
                        + ":"
                        + token
                        + (expiresAtEpochSecond == null ? "" : ":" + expiresAtEpochSecond);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        return "v1_" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }
}
