package org.qsfs.app.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where passphrases come from, in order: {@code --passphrase-file}, {@code $QSFS_PASSPHRASE},
 * a prompt on the terminal. Never from the command line (it would show in the process list
 * and the shell history).
 */
final class Passphrases {
    static final String ENV = "QSFS_PASSPHRASE";
    static final String OLD_ENV = "QSFS_OLD_PASSPHRASE";
    static final int RECOMMENDED_LENGTH = 12;

    private final GlobalOptions globals;
    private final CliEnvironment env;

    Passphrases(GlobalOptions globals, CliEnvironment env) {
        this.globals = globals;
        this.env = env;
    }

    /** The passphrase that unlocks an existing key file. */
    char[] unlock(Path keyFile) throws CliException {
        return read(globals.passphraseFile(), ENV, "Passphrase for " + keyFile + ": ", false, "--passphrase-file");
    }

    /** A new passphrase for a key file being written (asked twice on a terminal). */
    char[] choose(Path keyFile) throws CliException {
        return read(globals.passphraseFile(), ENV, "New passphrase for " + keyFile + ": ", true, "--passphrase-file");
    }

    /** The passphrase of a key file being imported: {@code file}, else $QSFS_OLD_PASSPHRASE, else asked. */
    char[] old(Path file, Path keyFile) throws CliException {
        return read(file, OLD_ENV, "Passphrase of " + keyFile + " (the file being imported): ", false,
                "--old-passphrase-file");
    }

    private char[] read(Path file, String envName, String prompt, boolean confirm, String option)
            throws CliException {
        if (file != null) {
            return fromFile(file);
        }
        String v = env.getenv(envName);
        if (v != null) {
            return v.toCharArray();
        }
        CliEnvironment.Terminal t = env.terminal();
        if (t == null) {
            throw new CliException(ExitCode.KEY, "no passphrase: give " + option + " FILE, set " + envName
                    + ", or run in a terminal to be asked");
        }
        char[] first = t.readSecret(prompt);
        if (first == null || first.length == 0) {
            throw new CliException(ExitCode.KEY, "no passphrase entered");
        }
        if (confirm) {
            char[] again = t.readSecret("Repeat it: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CliException(ExitCode.KEY, "the two passphrases differ; nothing was written, try again");
            }
        }
        return first;
    }

    /** The first line of {@code file}, without its line ending. */
    static char[] fromFile(Path file) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.KEY, "passphrase file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException(ExitCode.KEY, "cannot read passphrase file " + file + ": " + e.getMessage(), e);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            if (end == 0) {
                throw new CliException(ExitCode.KEY, "passphrase file " + file + " is empty (the passphrase is its"
                        + " first line)");
            }
            char[] out = new char[end];
            chars.get(out, 0, end);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
