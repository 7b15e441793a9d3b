package org.qsfs.app.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "new", description = {"Create a new random master key, wrap it with a passphrase into the key file,"
        + " and show its recovery phrase once.", "Refuses to overwrite an existing key file."})
final class KeyNewCommand extends QsfsCommand {
    @Option(names = "--key-file", paramLabel = "FILE", description = "where to write it (default: key_file of the"
            + " configuration, else ~/.config/qsfs/qsfs.key)")
    Path keyFile;

    @Override
    int run() throws Exception {
        Path path = KeyFiles.locate(keyFile, configs(), env());
        if (path.toFile().exists()) {
            throw refuse(path);
        }
        char[] pass = passphrases().choose(path);
        try (MasterKey key = MasterKey.generate()) {
            if (pass.length < Passphrases.RECOMMENDED_LENGTH) {
                note("warning: the passphrase has fewer than " + Passphrases.RECOMMENDED_LENGTH
                        + " characters; anyone who copies the key file can try to guess it");
            }
            try {
                KeyFile.create(path, key, pass, Argon2Params.DEFAULT);
            } catch (FileAlreadyExistsException e) {
                throw refuse(path);
            }
            out().println("Created key file " + path + " (key " + KeyDerivation.fingerprint(key) + ").");
            out().println();
            KeyPhrase.print(out(), key);
            return ExitCode.OK;
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    static CliException refuse(Path path) {
        return new CliException(ExitCode.KEY, "a key file already exists at " + path + "; refusing to overwrite it"
                + " (it may hold the only copy of a key). Use `qsfs key export` to see its recovery phrase, or move"
                + " it away first");
    }
}
