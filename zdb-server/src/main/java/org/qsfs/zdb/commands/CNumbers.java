package org.qsfs.zdb.commands;

/** Number parsing with C's atoi/atoll leniency, as upstream reads numeric arguments. */
final class CNumbers {
    private CNumbers() {
    }

    /** Leading whitespace, optional sign, digits; stops at the first other byte; 0 if none. */
    static long atoll(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '-' || s[i] == '+')) {
            negative = s[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
            value = value * 10 + (s[i] - '0');
            if (value > Long.MAX_VALUE / 20) {
                break; // saturate instead of overflowing
            }
        }
        return negative ? -value : value;
    }
}
