package org.qsfs.zdb.commands;

import java.util.List;
import org.qsfs.zdb.hooks.Hooks;
import org.qsfs.zdb.server.ServerStats;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.Namespaces;

/** What commands may see and change of the running server. */
public interface ServerContext {
    Namespaces namespaces();

    ZdbConfig config();

    ServerStats stats();

    Hooks hooks();

    /** Every connected client, for WAIT notifications and namespace removal. */
    List<ClientState> clients();

    /** Random id chosen at boot, reported by INFO. */
    long instanceId();
}
