package org.qsfs.app.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.qsfs.engine.config.Sizes;

/** How numbers are shown to people in the windows. */
public final class Format {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Format() {
    }

    /** "1.5 GiB", or an em dash when unknown (negative). */
    public static String size(long bytes) {
        return bytes < 0 ? "\u2014" : Sizes.human(bytes);
    }

    public static String rate(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? "idle" : Sizes.human((long) bytesPerSecond) + "/s";
    }

    public static String eta(long seconds) {
        if (seconds < 0) {
            return "\u2014";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min", (seconds + 59) / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    public static String latency(double ms) {
        return ms < 0 ? "\u2014" : ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms)
                : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String ratio(double x) {
        return String.format(Locale.ROOT, "%.2f\u00d7", x);
    }

    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A date and time to the second, in the user's zone ("2026-11-27 15:04:05"). */
    public static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String count(long n) {
        return n < 0 ? "\u2014" : String.format(Locale.ROOT, "%,d", n);
    }
}
