package org.qsfs.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command accepts, before or after the command name ({@code qsfs --config F
 * status} and {@code qsfs status --config F} alike). Each command mixes this in; the values
 * are kept in the root command's instance, which {@link #root()} returns.
 */
public final class GlobalOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Path config;
    private Path passphraseFile;
    private boolean quiet;
    private boolean verbose;

    @Option(names = "--config", paramLabel = "FILE", order = 100,
            description = "configuration file (default: $QSFS_CONFIG, else ~/.config/qsfs/qsfs.toml)")
    void setConfig(Path p) {
        if (p != null) {
            root().config = p;
        }
    }

    @Option(names = "--passphrase-file", paramLabel = "FILE", order = 101,
            description = "read the key file's passphrase from the first line of FILE (else $QSFS_PASSPHRASE,"
                    + " else asked on the terminal); never give it on the command line")
    void setPassphraseFile(Path p) {
        if (p != null) {
            root().passphraseFile = p;
        }
    }

    @Option(names = {"-q", "--quiet"}, order = 102, description = "no progress bars or notes, only results and errors")
    void setQuiet(boolean q) {
        if (q) {
            root().quiet = true;
        }
    }

    @Option(names = {"-v", "--verbose"}, order = 103, description = "log what happens (debug level, on stderr)")
    void setVerbose(boolean v) {
        if (v) {
            root().verbose = true;
        }
    }

    /** The instance holding the values: the root command's. */
    GlobalOptions root() {
        Object top = mixee == null ? null : mixee.root().userObject();
        if (top instanceof QsfsMain main && main.globals != null && main.globals != this) {
            return main.globals;
        }
        return this;
    }

    Path config() {
        return root().config;
    }

    Path passphraseFile() {
        return root().passphraseFile;
    }

    boolean quiet() {
        return root().quiet;
    }

    boolean verbose() {
        return root().verbose;
    }
}
