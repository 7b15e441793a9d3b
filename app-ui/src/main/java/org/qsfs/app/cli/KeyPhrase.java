package org.qsfs.app.cli;

import java.io.PrintWriter;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;

/** Prints a recovery phrase with the warning that goes with it. */
final class KeyPhrase {
    private KeyPhrase() {
    }

    static void print(PrintWriter out, MasterKey key) {
        out.println("Recovery phrase: write it on paper and keep it offline. With the backend list it restores");
        out.println("every file on any machine; anyone who has it can read them all. It is not stored anywhere.");
        out.println();
        out.println("    " + RecoveryPhrase.of(key));
        out.println();
        out.flush();
    }
}
