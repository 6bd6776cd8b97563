package dev.sandboxemulator.emulator.engine.dataplane;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * envd's signed-URL scheme for {@code /files}: {@code v1_} + base64 (no padding) of SHA-256 over
 * {@code "<path>:<read|write>:<user>:<token>[:<expiration>]"}.
 */
final class Signatures {
    private Signatures() {
    }

    static String sign(String path, String operation, String user, String token, Long expiration) {
        String payload = path + ":" + operation + ":" + (user == null ? "" : user) + ":" + token
                + (expiration == null ? "" : ":" + expiration);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
            return "v1_" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static boolean matches(String signature, String path, String operation, String user, String token, Long expiration) {
        byte[] expected = sign(path, operation, user, token, expiration).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
