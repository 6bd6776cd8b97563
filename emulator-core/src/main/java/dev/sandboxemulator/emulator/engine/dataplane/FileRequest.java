package dev.sandboxemulator.emulator.engine.dataplane;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code /files} request shows of itself for routing and access: the sandbox it names (if
 * any), its access token, the user it acts as, and the signature of a signed URL with what the
 * signature covers.
 *
 * @param sandboxId the sandbox the request names in its header, if any
 * @param accessToken the sandbox's access token, if the request sent one
 * @param user the user to act as, if the request names one
 * @param path the path exactly as the request gave it (the signature covers it unresolved)
 * @param operation whether it reads or writes
 * @param signature the signed URL's signature, if any
 * @param expiration the signature's expiry in unix seconds, if it has one
 */
public record FileRequest(Optional<String> sandboxId, Optional<String> accessToken, Optional<String> user, String path,
                          Operation operation, Optional<String> signature, Optional<Long> expiration) {

    /** What a signature allows: {@code read} (download) or {@code write} (upload). */
    public enum Operation {
        READ("read"), WRITE("write");

        private final String signedName;

        Operation(String signedName) {
            this.signedName = signedName;
        }

        /** The word the signature's payload carries. */
        public String signedName() {
            return signedName;
        }
    }

    public FileRequest {
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** Whether the signature, made with {@code token}, covers this request. */
    boolean signedWith(String token) {
        return signature.isPresent()
                && Signatures.matches(signature.get(), path, operation.signedName(), user.orElse(null), token, expiration.orElse(null));
    }
}
