package dev.sandboxemulator.client.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares envd versions ({@code major.minor.patch}, with an optional {@code v} prefix and suffix) like the SDK. */
public final class EnvdVersion {
    /** The oldest envd a sandbox may report at create. */
    public static final String MINIMUM = "0.1.0";

    /** The oldest envd that serves metrics. */
    public static final String METRICS = "0.1.5";

    /** What the SDK assumes when a clone entry carries no version. */
    public static final String UNKNOWN = "0.0.0";

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+).*");

    private EnvdVersion() {}

    /** Returns true if {@code version} parses and is lower than {@code minimum}; an unparseable version is not rejected. */
    public static boolean isBelow(String version, String minimum) {
        long[] v = parse(version);
        long[] m = parse(minimum);
        if (v == null || m == null) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (v[i] != m[i]) {
                return v[i] < m[i];
            }
        }
        return false;
    }

    private static long[] parse(String version) {
        if (version == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(version.trim());
        if (!matcher.matches()) {
            return null;
        }
        try {
            return new long[] {
                Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))
            };
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
