package org.qsfs.app.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", description = {"Show the recovery phrase of the key file (after unlocking it), or with"
        + " --to write a copy of the key file (same passphrase)."})
final class KeyExportCommand extends QsfsCommand {
    @Option(names = "--key-file", paramLabel = "FILE", description = "the key file (default: key_file of the"
            + " configuration, else ~/.config/qsfs/qsfs.key)")
    Path keyFile;

    @Option(names = "--to", paramLabel = "FILE", description = "write a copy of the key file here instead of"
            + " showing the phrase; refuses to overwrite")
    Path to;

    @Override
    int run() throws Exception {
        Path path = KeyFiles.locate(keyFile, configs(), env());
        try (MasterKey key = KeyFiles.unlock(path, passphrases())) {
            if (to == null) {
                KeyPhrase.print(out(), key);
                return ExitCode.OK;
            }
            if (Files.exists(to)) {
                throw new CliException(ExitCode.IO, to + " already exists; refusing to overwrite it, choose another"
                        + " path");
            }
            Path dir = to.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + to.getFileName(), ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not POSIX: directory ACLs apply
                }
                Files.copy(path, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (Files.exists(to)) {
                    throw new FileAlreadyExistsException(to.toString());
                }
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            out().println("Wrote a copy of " + path + " to " + to + " (key " + KeyDerivation.fingerprint(key)
                    + "); it opens with the same passphrase.");
            return ExitCode.OK;
        }
    }
}
