package org.qsfs.engine.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them: {@code 4194304}, {@code "4MiB"}, {@code "4M"}, {@code "10 GiB"}.
 * K, M, G, T (with or without "iB") are powers of 1024; KB, MB, GB, TB are powers of 1000.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B?)");
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches() || (m.group(3).equals("I"))) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write bytes or a number with a unit,"
                    + " e.g. \"4MiB\", \"512KiB\", \"10GiB\"");
        }
        int power = "KMGT".indexOf(m.group(2).isEmpty() ? "-" : m.group(2)) + 1;
        long base = m.group(3).equals("B") && power > 0 ? 1000 : 1024;
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        for (int i = 0; i < power; i++) {
            value = Math.multiplyExact(value, base);
        }
        return value;
    }

    /** The shortest exact form: {@code "4MiB"}, or plain bytes when no binary unit divides. */
    public static String format(long bytes) {
        if (bytes <= 0) {
            return Long.toString(bytes);
        }
        long v = bytes;
        int unit = -1;
        while (unit < UNITS.length - 1 && v % 1024 == 0) {
            v /= 1024;
            unit++;
        }
        return unit < 0 ? Long.toString(bytes) : v + UNITS[unit];
    }

    /** Approximate, for humans: {@code "3.2 GiB"}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        if (v == Math.rint(v) || v >= 100) {
            return String.format(Locale.ROOT, "%.0f %s", v, UNITS[unit]);
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
