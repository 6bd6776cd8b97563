package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.client.AuthenticationException;
import dev.sandboxemulator.client.InvalidArgumentException;
import dev.sandboxemulator.client.NotEnoughSpaceException;
import dev.sandboxemulator.client.NotFoundException;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.SandboxConnectionException;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxTimeoutException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The one place that turns failures into exceptions, following the SDK's table.
 *
 * <table>
 *   <caption>HTTP status to exception</caption>
 *   <tr><th>Status</th><th>Exception</th><th>Message</th></tr>
 *   <tr><td>404 on a sandbox-scoped call</td><td>{@link SandboxNotFoundException}</td><td>given by the call, e.g.
 *       {@code Sandbox <id> not found}</td></tr>
 *   <tr><td>400</td><td>{@link InvalidArgumentException}</td><td>{@code 400: <message>}</td></tr>
 *   <tr><td>401</td><td>{@link AuthenticationException}</td>
 *       <td>{@code Unauthorized, please check your credentials. - <message>}</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitException}</td>
 *       <td>{@code Rate limit exceeded, please try again later - <message>}</td></tr>
 *   <tr><td>anything else</td><td>{@link SandboxException}</td><td>{@code <status>: <message>}</td></tr>
 * </table>
 *
 * <p>{@code <message>} is the {@code message} member of the {@code {"code", "message"}} error body; a JSON body without
 * it is used as compact JSON text; a body that is not JSON is used as text; an empty body falls back to the status's
 * reason phrase. Calls that turn a status into a result ({@code kill} 404, {@code pause} 409) check it before coming
 * here. The status, not the body's {@code code}, decides.
 *
 * <p>envd, the data plane, has two tables of its own, following the SDK's {@code handleEnvdApiError} and
 * {@code handleRpcError}.
 *
 * <table>
 *   <caption>envd HTTP status ({@code /files}, {@code /health}) to exception</caption>
 *   <tr><th>Status</th><th>Exception</th><th>Message</th></tr>
 *   <tr><td>400</td><td>{@link InvalidArgumentException}</td><td>{@code <message>}</td></tr>
 *   <tr><td>401</td><td>{@link AuthenticationException}</td><td>{@code <message>}</td></tr>
 *   <tr><td>404</td><td>{@link PathNotFoundException} on {@code /files}, else {@link NotFoundException}</td>
 *       <td>{@code <message>}</td></tr>
 *   <tr><td>429</td><td>{@link SandboxException}</td><td>{@code <message>: The requests are being rate limited.}</td></tr>
 *   <tr><td>502</td><td>{@link SandboxTimeoutException}</td><td>{@code <message>: This error is likely due to sandbox
 *       timeout...}</td></tr>
 *   <tr><td>507</td><td>{@link NotEnoughSpaceException}</td><td>{@code <message>}</td></tr>
 *   <tr><td>anything else</td><td>{@link SandboxException}</td><td>{@code <status>: <message>}</td></tr>
 * </table>
 *
 * <table>
 *   <caption>envd Connect code to exception</caption>
 *   <tr><th>Code</th><th>Exception</th><th>Message</th></tr>
 *   <tr><td>invalid_argument</td><td>{@link InvalidArgumentException}</td><td>{@code <message>}</td></tr>
 *   <tr><td>unauthenticated</td><td>{@link AuthenticationException}</td><td>{@code <message>}</td></tr>
 *   <tr><td>not_found</td><td>{@link PathNotFoundException} in filesystem calls, else {@link NotFoundException}</td>
 *       <td>{@code <message>}</td></tr>
 *   <tr><td>unavailable</td><td>{@link SandboxTimeoutException}</td><td>{@code <message>: This error is likely due to
 *       sandbox timeout...}</td></tr>
 *   <tr><td>canceled</td><td>{@link SandboxTimeoutException}</td><td>{@code <message>: The request was canceled...}</td>
 *       </tr>
 *   <tr><td>deadline_exceeded</td><td>{@link SandboxTimeoutException}</td><td>{@code <message>: The operation exceeded
 *       its timeout...}</td></tr>
 *   <tr><td>anything else</td><td>{@link SandboxException}</td><td>{@code <code>: <message>}</td></tr>
 * </table>
 *
 * <p>A Connect error that arrives without a usable code (a non-JSON body, or a numeric {@code code}) takes its code from
 * the HTTP status, like the Connect runtime: see {@link #codeFromHttpStatus(int)}.
 */
public final class ErrorMapper {
    private static final String SANDBOX_TIMEOUT_HINT =
            ": This error is likely due to sandbox timeout. Extend it with Sandbox.setTimeout, or create the sandbox"
                    + " with a longer timeout.";

    private ErrorMapper() {}

    /**
     * Returns the exception for a non-2xx response.
     *
     * @param notFoundMessage the message of the {@link SandboxNotFoundException} a 404 becomes, or null when a 404 is not
     *     special for this call
     */
    public static SandboxException fromResponse(int status, byte[] body, String notFoundMessage) {
        if (status == 404 && notFoundMessage != null) {
            return new SandboxNotFoundException(notFoundMessage, status);
        }
        String message = message(status, body);
        switch (status) {
            case 400:
                return new InvalidArgumentException(status + ": " + message, status);
            case 401:
                return new AuthenticationException("Unauthorized, please check your credentials. - " + message, status);
            case 429:
                return new RateLimitException("Rate limit exceeded, please try again later - " + message, status);
            default:
                return new SandboxException(status + ": " + message, status);
        }
    }

    /**
     * Returns the error of one failed slot of a fork answer, mapped from its {@code code} as the e2b SDK maps it: 401
     * {@link AuthenticationException}, 429 {@link RateLimitException}, 404 {@link NotFoundException} ({@code 404:
     * <message>}), 400 {@link InvalidArgumentException}, anything else {@link SandboxException} ({@code <code>:
     * <message>}).
     */
    public static SandboxException fromForkSlot(int code, String message) {
        String text = message == null || message.isEmpty() ? reasonPhrase(code) : message;
        switch (code) {
            case 400:
                return new InvalidArgumentException(code + ": " + text, code);
            case 401:
                return new AuthenticationException("Unauthorized, please check your credentials. - " + text, code);
            case 404:
                return new NotFoundException(code + ": " + text, code);
            case 429:
                return new RateLimitException("Rate limit exceeded, please try again later - " + text, code);
            default:
                return new SandboxException(code + ": " + text, code);
        }
    }

    /**
     * Returns the exception for a non-2xx response from one of envd's plain HTTP endpoints.
     *
     * @param fileScoped whether the call named a file ({@code /files}), which makes a 404 a {@link PathNotFoundException}
     */
    public static SandboxException fromEnvdResponse(int status, byte[] body, boolean fileScoped) {
        String message = message(status, body);
        switch (status) {
            case 400:
                return new InvalidArgumentException(message, status);
            case 401:
                return new AuthenticationException(message, status);
            case 404:
                return fileScoped ? new PathNotFoundException(message, status) : new NotFoundException(message, status);
            case 429:
                return new SandboxException(message + ": The requests are being rate limited.", status);
            case 502:
                return new SandboxTimeoutException(message + SANDBOX_TIMEOUT_HINT, status);
            case 507:
                return new NotEnoughSpaceException(message, status);
            default:
                return new SandboxException(status + ": " + message, status);
        }
    }

    /**
     * Returns the exception for a Connect error from envd.
     *
     * @param code the snake_case Connect code, such as {@code not_found}
     * @param httpStatus the HTTP status that carried the error, or {@link SandboxException#NO_STATUS} for an error
     *     delivered in a stream's end-stream message
     * @param fileScoped whether the call was a filesystem RPC, which makes {@code not_found} a
     *     {@link PathNotFoundException}
     */
    public static SandboxException fromRpc(String code, String message, int httpStatus, boolean fileScoped) {
        switch (code) {
            case "invalid_argument":
                return new InvalidArgumentException(message, httpStatus);
            case "unauthenticated":
                return new AuthenticationException(message, httpStatus);
            case "not_found":
                return fileScoped ? new PathNotFoundException(message, httpStatus) : new NotFoundException(message, httpStatus);
            case "unavailable":
                return new SandboxTimeoutException(message + SANDBOX_TIMEOUT_HINT, httpStatus);
            case "canceled":
                return new SandboxTimeoutException(
                        message
                                + ": The request was canceled, most likely because it exceeded the request timeout"
                                + " (SandboxClient.Builder.requestTimeout, or requestTimeout on the call's options).",
                        httpStatus);
            case "deadline_exceeded":
                return new SandboxTimeoutException(
                        message
                                + ": The operation exceeded its timeout (the timeout on RunOptions or WatchOptions;"
                                + " a zero timeout means none).",
                        httpStatus);
            default:
                return new SandboxException(code + ": " + message, httpStatus);
        }
    }

    /**
     * Returns the Connect code the Connect runtime derives from an HTTP status when the body carries none: 400 internal,
     * 401 unauthenticated, 403 permission_denied, 404 unimplemented, 429/502/503/504 unavailable, anything else
     * unknown.
     */
    public static String codeFromHttpStatus(int status) {
        switch (status) {
            case 400: return "internal";
            case 401: return "unauthenticated";
            case 403: return "permission_denied";
            case 404: return "unimplemented";
            case 429:
            case 502:
            case 503:
            case 504:
                return "unavailable";
            default: return "unknown";
        }
    }

    /** Returns the exception for a request that got no response. */
    public static SandboxException fromTransport(IOException failure, String method, String url) {
        if (failure instanceof HttpTimeoutException) {
            return new SandboxTimeoutException(
                    "Request timed out: " + method + " " + url + " (raise SandboxClient.Builder.requestTimeout if needed)",
                    (HttpTimeoutException) failure);
        }
        return new SandboxConnectionException(
                "Could not complete " + method + " " + url + ": " + failure, failure);
    }

    /** Returns the exception for a request interrupted while waiting; the caller restores the interrupt flag. */
    public static SandboxException fromInterrupt(InterruptedException interrupt, String method, String url) {
        return new SandboxException("Interrupted while waiting for " + method + " " + url, interrupt);
    }

    /** Returns the exception for a 2xx response whose body could not be understood. */
    public static SandboxException malformed(String detail, int status, Throwable cause) {
        return new SandboxException("Malformed response from the control plane: " + detail, status, cause);
    }

    /** Returns the human-readable message of an error body (see the class comment). */
    static String message(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return reasonPhrase(status);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JacksonException notJson) {
            return text;
        }
        if (node == null || node.isMissingNode()) {
            return text;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode message = node.get("message");
        if (message != null && !message.isNull()) {
            return message.isTextual() ? message.asText() : message.toString();
        }
        return node.toString();
    }

    /** Returns the standard reason phrase of {@code status}, since {@code java.net.http} does not report the server's. */
    static String reasonPhrase(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "HTTP " + status;
        }
    }
}
