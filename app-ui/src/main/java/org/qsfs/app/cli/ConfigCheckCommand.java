package org.qsfs.app.cli;

import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Sizes;
import picocli.CommandLine.Command;

@Command(name = "check", description = "Validate the configuration file and summarise it (exit 2 with every problem"
        + " listed when it is not valid). Does not contact the backends; `qsfs status` does.")
final class ConfigCheckCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        ConfigLocator configs = configs();
        QsfsConfig c = configs.load();
        out().println(configs.path() + ": valid");
        out().printf("  k = %d data + m = %d parity shards per block (any %d backends may be lost), block size %s%n",
                c.dataShards(), c.parityShards(), c.parityShards(), Sizes.format(c.blockSize()));
        out().printf("  redundant groups: %d; storage used: %.2fx the data%n", c.redundantGroups(),
                (double) c.shards() / c.dataShards());
        for (BackendGroup g : c.groups()) {
            out().printf("  group %s: %d backends%n", g.name(), g.backends().size());
            for (BackendConfig b : g.backends()) {
                out().println("    " + b);
            }
        }
        out().printf("  metadata: %d + %d shards over %d backends%n", c.metadata().dataShards(),
                c.metadata().parityShards(), c.metadata().backends().size());
        for (BackendConfig b : c.metadata().backends()) {
            out().println("    " + b);
        }
        out().println("  key file: " + c.keyFile() + (c.keyFile().toFile().exists() ? "" : " (missing: `qsfs key new`)"));
        out().println("  cache: " + c.cache().dir() + ", up to " + Sizes.format(c.cache().sizeBytes()));
        return ExitCode.OK;
    }
}
