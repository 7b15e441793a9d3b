package org.qsfs.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecoveryPhraseTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static MasterKey key(long seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return MasterKey.fromBytes(b);
    }

    @Test
    void roundTripsAndHasTheDocumentedShape() throws Exception {
        for (int seed = 0; seed < 200; seed++) {
            MasterKey k = key(seed);
            String phrase = RecoveryPhrase.of(k);
            assertTrue(phrase.matches("QSFS1(-[0-9A-HJKMNP-TV-Z]{4}){14}"), phrase);
            assertTrue(k.sameKeyAs(RecoveryPhrase.parse(phrase)));
        }
    }

    @Test
    void readingForgivesCaseSpacingLookAlikesAndAMissingPrefix() throws Exception {
        MasterKey k = key(7);
        String phrase = RecoveryPhrase.of(k);
        String sloppy = phrase.toLowerCase().replace('-', ' ').replace('0', 'o').replace('1', 'l');
        assertTrue(k.sameKeyAs(RecoveryPhrase.parse("  " + sloppy + "\n")));
        assertTrue(k.sameKeyAs(RecoveryPhrase.parse(phrase.substring(6))));
    }

    @Test
    void everySingleCharacterTypoIsDetected() {
        for (int seed = 0; seed < 3; seed++) {
            String phrase = RecoveryPhrase.of(key(seed));
            for (int i = 6; i < phrase.length(); i++) {
                if (phrase.charAt(i) == '-') {
                    continue;
                }
                for (char c : ALPHABET.toCharArray()) {
                    if (c == phrase.charAt(i)) {
                        continue;
                    }
                    String typo = phrase.substring(0, i) + c + phrase.substring(i + 1);
                    InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                            () -> RecoveryPhrase.parse(typo), typo);
                    assertTrue(e.getMessage().contains("mistyped"), e.getMessage());
                }
            }
        }
    }

    @Test
    void everyAdjacentSwapIsDetected() {
        String phrase = RecoveryPhrase.of(key(11));
        String raw = phrase.substring(6).replace("-", "");
        for (int i = 0; i + 1 < raw.length(); i++) {
            if (raw.charAt(i) == raw.charAt(i + 1)) {
                continue;
            }
            String swapped = raw.substring(0, i) + raw.charAt(i + 1) + raw.charAt(i) + raw.substring(i + 2);
            assertThrows(InvalidRecoveryPhraseException.class, () -> RecoveryPhrase.parse(swapped), swapped);
        }
    }

    @Test
    void missingGroupSaysSo() {
        String phrase = RecoveryPhrase.of(key(3));
        String shorter = phrase.substring(0, phrase.length() - 5);
        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.parse(shorter));
        assertTrue(e.getMessage().contains("missing or repeated group"), e.getMessage());
    }

    @Test
    void foreignCharacterIsNamed() {
        String phrase = RecoveryPhrase.of(key(4));
        String bad = phrase.substring(0, 8) + "U" + phrase.substring(9);
        InvalidRecoveryPhraseException e = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.parse(bad));
        assertTrue(e.getMessage().startsWith("'U' cannot appear"), e.getMessage());
    }

    @Test
    void otherPrefixOrVersionIsRefused() {
        String body = RecoveryPhrase.of(key(5)).substring(5);
        InvalidRecoveryPhraseException v2 = assertThrows(InvalidRecoveryPhraseException.class,
                () -> RecoveryPhrase.parse("QSFS2" + body));
        assertTrue(v2.getMessage().contains("upgrade"), v2.getMessage());
        assertThrows(InvalidRecoveryPhraseException.class, () -> RecoveryPhrase.parse("ABCDE" + body));
    }
}
