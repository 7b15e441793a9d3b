package org.qsfs.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.qsfs.app.control.LoopbackServer;
import org.qsfs.app.daemon.Daemon;
import org.qsfs.app.daemon.DaemonOptions;
import org.qsfs.app.daemon.DemoBackends;
import org.qsfs.app.daemon.MountSupport;
import org.qsfs.app.settings.AtomicWrite;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {"A working drive on this computer with no setup: start six local backends"
        + " (zdb-servers) under the data directory, create a key, and mount the drive (k=4, m=2) at ~/QSFS.",
        "Running it again reopens the same demo volume. Ctrl-C unmounts and stops."})
final class DemoCommand extends QsfsCommand {
    @Option(names = "--no-passphrase", description = "protect the demo key with a random passphrase kept in the"
            + " demo directory (owner-only) instead of asking for one; for scripts")
    boolean noPassphrase;

    @Option(names = "--mount-point", paramLabel = "PATH", description = "where to mount (default ~/QSFS)")
    Path mountPoint;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the demo keeps its backends, key and cache"
            + " (default: the data directory, ~/.local/share/qsfs/demo on Linux)")
    Path dir;

    @Override
    int run() throws Exception {
        Path demoDir = dir != null ? dir : AppDirsOf.of(env()).demoDir();
        if (!MountSupport.missing().isEmpty()) {
            throw CliException.notAvailable("demo", MountSupport.explain() + ". Nothing was created in " + demoDir);
        }
        Path endpoint = DaemonClients.endpointFile(env());
        MountCommand.refuseSecondDaemon(endpoint);
        Path target = mountPoint != null ? mountPoint : env().home().resolve("QSFS");
        DemoBackends backends = DemoBackends.start(demoDir);
        try {
            if (backends.created()) {
                note("Created the demo volume in " + demoDir + " (six local backends, k=4 m=2).");
            }
            char[] pass = ensureKey(demoDir);
            MasterKey key;
            try {
                key = KeyFile.read(DemoBackends.keyFile(demoDir), pass);
            } finally {
                Arrays.fill(pass, '\0');
            }
            DaemonOptions o = new DaemonOptions(backends.config(), backends.configFile(), endpoint, true, target,
                    Duration.ofSeconds(5)).withKey(key);
            Daemon d = Daemon.start(o);
            out().println("QSFS demo drive mounted at " + target + ". Press Ctrl-C to unmount and stop.");
            out().flush();
            return DaemonRunner.serve(this, d, "demo running", backends);
        } finally {
            backends.close();
        }
    }

    /**
     * The demo's key file: created on the first run, with the recovery phrase shown once.
     * Returns the passphrase that unlocks it (the caller wipes it).
     */
    private char[] ensureKey(Path demoDir) throws Exception {
        Path keyFile = DemoBackends.keyFile(demoDir);
        boolean stored = noPassphrase || Files.exists(demoDir.resolve("passphrase"));
        if (Files.exists(keyFile)) {
            return stored ? storedPassphrase(demoDir) : passphrases().unlock(keyFile);
        }
        char[] pass = stored ? storedPassphrase(demoDir) : passphrases().choose(keyFile);
        try (MasterKey key = MasterKey.generate()) {
            KeyFile.create(keyFile, key, pass, Argon2Params.DEFAULT);
            out().println("Created the demo key " + keyFile + ".");
            KeyPhrase.print(out(), key);
        }
        return pass;
    }

    /** A random passphrase kept next to the key, owner-only: --no-passphrase. */
    static char[] storedPassphrase(Path demoDir) throws java.io.IOException {
        Path file = demoDir.resolve("passphrase");
        if (!Files.exists(file)) {
            AtomicWrite.write(file, LoopbackServer.newToken().getBytes(StandardCharsets.US_ASCII), true);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
    }

}
