/**
 * The Java client for the Novita Sandbox wire API. Only {@code dev.sandboxemulator.client} is API;
 * {@code dev.sandboxemulator.client.internal} (the wire records and protocol code) is not exported
 * and changes without notice.
 */
module dev.sandboxemulator.client {
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind;

    exports dev.sandboxemulator.client;

    opens dev.sandboxemulator.client.internal to com.fasterxml.jackson.databind;
}
