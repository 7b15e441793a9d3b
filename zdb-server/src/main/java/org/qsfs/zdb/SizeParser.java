package org.qsfs.zdb;

/** Parses sizes like upstream's zdb_human_readable_parse: a number and an optional K, M, G, T suffix. */
final class SizeParser {
    private static final String SUFFIXES = "KMGTPE";

    private SizeParser() {
    }

    /** @throws IllegalArgumentException with the accepted forms when the text is not a size */
    static long parse(String text) {
        String t = text.trim();
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size: use bytes or a number with K, M, G or T (e.g. 32M)");
        }
        double value = Double.parseDouble(t.substring(0, end));
        String suffix = t.substring(end).toUpperCase();
        int shift = 0;
        if (!suffix.isEmpty()) {
            int i = SUFFIXES.indexOf(suffix.charAt(0));
            boolean bytesMark = suffix.length() == 1 || suffix.substring(1).equals("B") || suffix.substring(1).equals("IB");
            if (i < 0 || !bytesMark) {
                throw new IllegalArgumentException("'" + text + "' has an unknown unit: use K, M, G or T");
            }
            shift = (i + 1) * 10;
        }
        return (long) (value * (1L << shift));
    }
}
