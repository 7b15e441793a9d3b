package org.qsfs.app.ui.firstrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.InvalidRecoveryPhraseException;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;

/**
 * What the first-run window does, without JavaFX: check passphrases, create a key and give
 * its recovery phrase, restore a key from a phrase or an exported key file. Never overwrites
 * an existing key file (it may hold the only copy of a key).
 */
public final class FirstRunModel {
    public static final int MIN_PASSPHRASE = 12;

    private final Path keyFile;
    private final Argon2Params argon2;

    public FirstRunModel(Path keyFile, Argon2Params argon2) {
        this.keyFile = keyFile;
        this.argon2 = argon2;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** Why a new passphrase is not acceptable, or null. */
    public static String passphraseProblem(String pass, String repeat) {
        if (pass == null || pass.isEmpty()) {
            return "choose a passphrase: it protects the key on this computer";
        }
        if (pass.length() < MIN_PASSPHRASE) {
            return "use at least " + MIN_PASSPHRASE + " characters (a few words are easy to remember)";
        }
        if (!pass.equals(repeat)) {
            return "the two passphrases differ";
        }
        return null;
    }

    /** Creates a new key under {@code pass}; returns its recovery phrase (to be shown once). */
    public String createKey(char[] pass) throws IOException {
        refuseExisting();
        try (MasterKey key = MasterKey.generate()) {
            KeyFile.create(keyFile, key, pass, argon2);
            return RecoveryPhrase.of(key);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /** Restores the key from its recovery phrase, under a new passphrase. */
    public void restoreFromPhrase(String phrase, char[] pass) throws IOException, InvalidRecoveryPhraseException {
        refuseExisting();
        try (MasterKey key = RecoveryPhrase.parse(phrase.strip())) {
            KeyFile.create(keyFile, key, pass, argon2);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /** Restores the key from an exported key file and its passphrase, under a new passphrase. */
    public void restoreFromFile(Path exported, char[] oldPass, char[] pass) throws IOException {
        refuseExisting();
        try (MasterKey key = KeyFile.read(exported, oldPass)) {
            KeyFile.create(keyFile, key, pass, argon2);
        } finally {
            Arrays.fill(oldPass, '\0');
            Arrays.fill(pass, '\0');
        }
    }

    private void refuseExisting() throws IOException {
        if (Files.exists(keyFile)) {
            throw new IOException("a key file already exists at " + keyFile + "; it may hold the only copy of a key,"
                    + " so it is not replaced. Move it away first, or open QSFS with it");
        }
    }
}
