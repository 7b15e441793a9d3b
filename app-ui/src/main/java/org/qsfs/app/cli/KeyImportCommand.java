package org.qsfs.app.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", description = {"Restore the key file from a recovery phrase (--phrase: read from stdin or"
        + " asked) or from an exported key file (--from FILE), under a new passphrase.",
        "Refuses to overwrite an existing key file unless --force."})
final class KeyImportCommand extends QsfsCommand {
    static final class Source {
        @Option(names = "--phrase", required = true, description = "read the recovery phrase from stdin (or ask"
                + " for it on the terminal)")
        boolean phrase;

        @Option(names = "--from", required = true, paramLabel = "FILE", description = "an exported key file")
        Path from;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--old-passphrase-file", paramLabel = "FILE", description = "passphrase of the --from file"
            + " (else $QSFS_OLD_PASSPHRASE, else asked)")
    Path oldPassphraseFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = "where to write the key file (default:"
            + " key_file of the configuration, else ~/.config/qsfs/qsfs.key)")
    Path keyFile;

    @Option(names = "--force", description = "replace an existing key file (its key is lost unless you have its"
            + " phrase or a copy)")
    boolean force;

    @Override
    int run() throws Exception {
        Path path = KeyFiles.locate(keyFile, configs(), env());
        if (Files.exists(path) && !force) {
            throw KeyNewCommand.refuse(path);
        }
        try (MasterKey key = source.from != null ? fromFile() : RecoveryPhrase.parse(readPhrase())) {
            char[] pass = passphrases().choose(path);
            try {
                if (force && Files.exists(path)) {
                    KeyFile.replace(path, key, pass, Argon2Params.DEFAULT);
                } else {
                    try {
                        KeyFile.create(path, key, pass, Argon2Params.DEFAULT);
                    } catch (FileAlreadyExistsException e) {
                        throw KeyNewCommand.refuse(path);
                    }
                }
            } finally {
                Arrays.fill(pass, '\0');
            }
            out().println("Imported key " + KeyDerivation.fingerprint(key) + " into " + path + ".");
            return ExitCode.OK;
        }
    }

    private MasterKey fromFile() throws Exception {
        if (!Files.exists(source.from)) {
            throw new CliException(ExitCode.KEY, "no key file at " + source.from + " to import");
        }
        char[] old = passphrases().old(oldPassphraseFile, source.from);
        try {
            return KeyFile.read(source.from, old);
        } finally {
            Arrays.fill(old, '\0');
        }
    }

    private String readPhrase() throws Exception {
        CliEnvironment.Terminal t = env().terminal();
        String line;
        if (t != null) {
            line = t.readLine("Recovery phrase (QSFS1-...): ");
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(env().stdin(), StandardCharsets.UTF_8));
            line = in.readLine();
            while (line != null && line.isBlank()) {
                line = in.readLine();
            }
        }
        if (line == null || line.isBlank()) {
            throw new CliException(ExitCode.KEY, "no recovery phrase given; type it when asked or pipe it on stdin");
        }
        return line;
    }
}
