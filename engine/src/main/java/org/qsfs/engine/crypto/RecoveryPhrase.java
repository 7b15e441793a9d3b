package org.qsfs.engine.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The master key as a phrase a person can write on paper and type back:
 * {@code QSFS1-XXXX-XXXX-...} (14 groups of Crockford Base32) ending in a checksum,
 * so a typo is reported instead of silently giving another key. Format in
 * docs/FORMATS.md, "Recovery phrase".
 */
public final class RecoveryPhrase {
    static final String PREFIX = "QSFS1";
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int CHECKSUM_LENGTH = 3;
    private static final int PAYLOAD_LENGTH = MasterKey.LENGTH + CHECKSUM_LENGTH; // 35 bytes = 280 bits
    private static final int CHARS = PAYLOAD_LENGTH * 8 / 5; // 56
    private static final int GROUP = 4;
    private static final byte[] CHECKSUM_DOMAIN = "QSFS recovery phrase v1".getBytes(StandardCharsets.US_ASCII);

    private RecoveryPhrase() {
    }

    /** The phrase of {@code key}. Show it once and tell the user to write it down. */
    public static String of(MasterKey key) {
        byte[] payload = new byte[PAYLOAD_LENGTH];
        byte[] k = key.copyBytes();
        try {
            System.arraycopy(k, 0, payload, 0, k.length);
            System.arraycopy(checksum(k), 0, payload, k.length, CHECKSUM_LENGTH);
            char[] chars = encode(payload);
            StringBuilder sb = new StringBuilder(PREFIX);
            for (int i = 0; i < chars.length; i++) {
                if (i % GROUP == 0) {
                    sb.append('-');
                }
                sb.append(chars[i]);
            }
            return sb.toString();
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * The key written as {@code phrase}. Ignores case, spaces and hyphens; reads O as 0
     * and I, L as 1; the {@code QSFS1} prefix may be left out.
     *
     * @throws InvalidRecoveryPhraseException with a message that says what is wrong
     */
    public static MasterKey parse(String phrase) throws InvalidRecoveryPhraseException {
        String s = stripSeparators(phrase);
        int skipped = 0;
        if (s.length() == PREFIX.length() + CHARS) {
            if (!s.startsWith("QSFS")) {
                throw new InvalidRecoveryPhraseException("this is not a QSFS recovery phrase: it should start with "
                        + PREFIX);
            }
            char version = s.charAt(4) == 'I' || s.charAt(4) == 'L' ? '1' : s.charAt(4);
            if (version != PREFIX.charAt(4)) {
                throw new InvalidRecoveryPhraseException("this recovery phrase has version " + s.charAt(4)
                        + " but this QSFS reads only version 1; upgrade QSFS to use it");
            }
            s = s.substring(PREFIX.length());
            skipped = PREFIX.length();
        }
        if (s.length() != CHARS) {
            throw new InvalidRecoveryPhraseException("a recovery phrase has " + CHARS / GROUP + " groups of " + GROUP
                    + " characters after " + PREFIX + " (" + CHARS + " characters), but " + s.length()
                    + " were given; check for a missing or repeated group");
        }
        byte[] payload = decode(toDigits(s, phrase, skipped));
        byte[] key = Arrays.copyOf(payload, MasterKey.LENGTH);
        try {
            byte[] expected = checksum(key);
            if (!MessageDigest.isEqual(Arrays.copyOf(expected, CHECKSUM_LENGTH),
                    Arrays.copyOfRange(payload, MasterKey.LENGTH, PAYLOAD_LENGTH))) {
                throw new InvalidRecoveryPhraseException("the recovery phrase's checksum does not match: a character"
                        + " is mistyped or two are swapped; compare each group with the written copy");
            }
            return MasterKey.fromBytes(key);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(payload, (byte) 0);
        }
    }

    private static String stripSeparators(String phrase) {
        StringBuilder sb = new StringBuilder(phrase.length());
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c != '-' && !Character.isWhitespace(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** Base32 digit values, mapping the look-alikes people write (O for 0, I and L for 1). */
    private static int[] toDigits(String s, String phrase, int skipped) throws InvalidRecoveryPhraseException {
        int[] digits = new int[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = switch (s.charAt(i)) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> s.charAt(i);
            };
            digits[i] = ALPHABET.indexOf(c);
            if (digits[i] < 0) {
                throw new InvalidRecoveryPhraseException("'" + phrase.charAt(indexOfNth(phrase, skipped + i))
                        + "' cannot appear in a recovery phrase (only digits and the letters A-Z except U);"
                        + " check that character");
            }
        }
        return digits;
    }

    /** Position in the raw phrase of the n-th kept character (for pointing at the bad one). */
    private static int indexOfNth(String phrase, int n) {
        int kept = -1;
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c != '-' && !Character.isWhitespace(c) && ++kept == n) {
                return i;
            }
        }
        return phrase.length() - 1;
    }

    private static byte[] checksum(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CHECKSUM_DOMAIN);
            sha.update(key);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this Java runtime", e);
        }
    }

    private static char[] encode(byte[] data) {
        char[] out = new char[data.length * 8 / 5];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out[o++] = ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
                bits -= 5;
            }
        }
        return out;
    }

    private static byte[] decode(int[] digits) {
        byte[] out = new byte[digits.length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int digit : digits) {
            buffer = (buffer << 5) | digit;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
