package org.qsfs.zdb.commands;

import java.util.List;
import org.qsfs.zdb.hooks.Hooks;
import org.qsfs.zdb.server.ServerStats;
import org.qsfs.zdb.storage.StorageFormat;

/** PING, TIME, INFO, HOOKS, STOP and the replication commands we do not serve. */
final class SystemCommands {
    /** Upstream version this server follows for replies and files. */
    static final String UPSTREAM_VERSION = "2.0.7";

    private SystemCommands() {
    }

    static void ping(CommandContext ctx) {
        ctx.out().status("PONG");
    }

    static void time(CommandContext ctx) {
        java.time.Instant now = java.time.Instant.now();
        ctx.out().arrayHeader(2)
                .bulk(Long.toString(now.getEpochSecond()))
                .bulk(Long.toString(now.getNano() / 1000));
    }

    /** STOP exists only in upstream debug builds; a release build answers this. */
    static void stop(CommandContext ctx) {
        ctx.out().error("Unauthorized");
    }

    /** MIRROR and MASTER (live replication) are not implemented: say so instead of lying. */
    static void unsupportedReplication(CommandContext ctx) {
        if (!ctx.adminAuthorized()) {
            return;
        }
        ctx.out().error("Command not supported");
    }

    static void info(CommandContext ctx) {
        ServerStats s = ctx.server().stats();
        long now = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder(1024);
        b.append("# server\n");
        b.append("server_name: 0-db (zdb)\n");
        b.append("server_revision: qsfs-zdb-server ").append(UPSTREAM_VERSION).append('\n');
        b.append("engine_revision: qsfs-zdb-server ").append(UPSTREAM_VERSION).append('\n');
        b.append("instance_id: ").append(ctx.server().instanceId()).append('\n');
        b.append("boot_time: ").append(s.bootEpochSeconds).append('\n');
        b.append("uptime: ").append(now - s.bootEpochSeconds).append('\n');
        b.append("\n# clients\n");
        b.append("clients_lifetime: ").append(s.clients).append('\n');
        b.append("\n# internals\n");
        b.append("sequential_key_size: 8\n");
        b.append("data_version: ").append(StorageFormat.DATA_VERSION).append('\n');
        b.append("index_version: ").append(StorageFormat.INDEX_VERSION).append('\n');
        b.append("\n# stats\n");
        b.append("commands_executed: ").append(s.commandsValid).append('\n');
        b.append("commands_failed: ").append(s.commandsFailed).append('\n');
        b.append("commands_unauthorized: ").append(s.adminFailed).append('\n');
        appendBytes(b, "network_rx", s.networkRx);
        appendBytes(b, "network_tx", s.networkTx);
        ctx.out().bulk(b.toString());
    }

    private static void appendBytes(StringBuilder b, String name, long bytes) {
        b.append(name).append("_bytes: ").append(bytes).append('\n');
        b.append(name).append("_mb: ").append(String.format("%.2f", bytes / (1024 * 1024.0))).append('\n');
    }

    /** HOOKS: the hooks started so far, with pid, times and exit status (admin only). */
    static void hooks(CommandContext ctx) {
        if (!ctx.adminAuthorized()) {
            return;
        }
        List<Hooks.Execution> list = ctx.server().hooks().executions();
        ctx.out().arrayHeader(list.size());
        for (Hooks.Execution h : list) {
            ctx.out().arrayHeader(6).bulk(h.event());
            // upstream skips the instance id, the first argument of every hook
            List<String> args = h.arguments().size() > 0 ? h.arguments().subList(1, h.arguments().size()) : List.of();
            ctx.out().arrayHeader(args.size());
            for (String a : args) {
                ctx.out().bulk(a);
            }
            ctx.out().integer(h.pid()).integer(h.createdEpochSeconds())
                    .integer(h.finishedEpochSeconds()).integer(h.exitStatus());
        }
    }
}
