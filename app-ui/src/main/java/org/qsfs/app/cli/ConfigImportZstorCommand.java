package org.qsfs.app.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.qsfs.engine.config.ConfigWriter;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.ZstorImport;
import org.qsfs.engine.config.ZstorImporter;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-zstor", description = {"Write a QSFS configuration (to --config or the default path) from a"
        + " zstor (0-stor v2) TOML file: k = minimal_shards, m = expected_shards - minimal_shards, the same groups,"
        + " backends and metadata backends.",
        "With --use-zstor-key, zstor's [encryption] key also becomes the master key (written to key_file under a new"
        + " passphrase): it is then shared with zstor."})
final class ConfigImportZstorCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "ZSTOR_TOML", description = "the zstor configuration file")
    Path zstor;

    @Option(names = "--use-zstor-key", description = "make zstor's encryption key this volume's master key")
    boolean useZstorKey;

    @Option(names = "--force", description = "replace an existing QSFS configuration file")
    boolean force;

    @Override
    int run() throws Exception {
        ConfigLocator configs = configs();
        Path target = configs.path();
        if (Files.exists(target) && !force) {
            throw new CliException(ExitCode.CONFIG, target + " already exists; refusing to overwrite it (use --force,"
                    + " or --config to write elsewhere)");
        }
        try (ZstorImport imp = new ZstorImporter(configs.loader()).importFile(zstor)) {
            QsfsConfig config = imp.config();
            if (useZstorKey) {
                Path keyFile = config.keyFile();
                if (Files.exists(keyFile)) {
                    throw KeyNewCommand.refuse(keyFile);
                }
                char[] pass = passphrases().choose(keyFile);
                try {
                    KeyFile.create(keyFile, imp.masterKey(), pass, Argon2Params.DEFAULT);
                } catch (FileAlreadyExistsException e) {
                    throw KeyNewCommand.refuse(keyFile);
                } finally {
                    Arrays.fill(pass, '\0');
                }
                err().println("warning: the master key is zstor's encryption key: anyone with " + zstor
                        + " can read this volume. Keep both files equally safe.");
                out().println("Wrote key file " + keyFile + " (key " + KeyDerivation.fingerprint(imp.masterKey())
                        + ") from zstor's encryption key.");
            }
            ConfigWriter.write(target, config, List.of("Imported from the zstor configuration " + zstor + ".",
                    "Reference: docs/CONFIGURATION.md"), force);
            out().println("Wrote " + target + ": k=" + config.dataShards() + " m=" + config.parityShards() + ", "
                    + config.dataBackends().size() + " data backends in " + config.groups().size() + " groups, "
                    + config.metadata().backends().size() + " metadata backends.");
            for (String n : imp.notes()) {
                if (!useZstorKey || !n.startsWith("encryption.key")) {
                    note("note: " + n);
                }
            }
            if (!useZstorKey) {
                note("next: create a key with `qsfs key new` (or rerun with --use-zstor-key)");
            }
            return ExitCode.OK;
        }
    }
}
