package org.qsfs.zdb;

import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.Namespaces;

/** --dump: load every namespace from disk (repairing torn tails), print a summary, exit. */
final class Dump {
    private Dump() {
    }

    static int run(ZdbConfig config) {
        try (Namespaces all = Namespaces.open(ZdbServer.storageSettings(config, "dump"))) {
            for (Namespace ns : all.list()) {
                System.out.printf("namespace %s: mode %s, %d entries, %d data bytes%n", ns.name(),
                        ns.index().mode().upstreamName(), ns.index().entries(), ns.index().dataSize());
            }
            return 0;
        } catch (Exception e) {
            System.err.println("zdb-server: cannot load the database: " + e.getMessage());
            return 1;
        }
    }
}
