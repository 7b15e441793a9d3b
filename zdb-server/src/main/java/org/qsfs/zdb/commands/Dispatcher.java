package org.qsfs.zdb.commands;

import java.util.List;
import org.qsfs.zdb.protocol.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request to its command and, afterwards, wakes the clients that WAIT on it.
 * The table order and the prefix match are upstream's: a request name matches the first
 * command it is a case-insensitive prefix of ("INF" runs INFO), as strncasecmp does there.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** WAIT's default and largest timeouts (upstream: 5 s and 30 min). */
    private static final long WAIT_DEFAULT_MS = 5000;
    private static final long WAIT_MAX_MS = 30L * 60 * 1000;

    /** Result of one request for the connection layer. */
    public enum Outcome { CONTINUE, DISCONNECT }

    private final ServerContext server;
    private final List<CommandSpec> table;
    /** Exact names, the common case, found without walking the prefix table. */
    private final java.util.Map<String, CommandSpec> exact = new java.util.HashMap<>();
    private final CommandSpec asterisk;
    private long wakeups;
    /** Clients with a pending WAIT; when none, commands skip the scan of all clients. */
    private int watching;

    public Dispatcher(ServerContext server) {
        this.server = server;
        this.asterisk = new CommandSpec("*", ctx -> ctx.out().error("This is not a valid command"));
        this.table = CommandTable.build(asterisk, this::waitCommand);
        for (CommandSpec spec : table) {
            exact.putIfAbsent(spec.name(), spec);
        }
    }

    public Outcome dispatch(ClientState client, Request request) {
        if (client.namespace == null) {
            client.out().error("Your active namespace is not available anymore (probably removed).");
            return Outcome.DISCONNECT;
        }
        client.commands++;
        CommandSpec spec = lookup(request.arg(0));
        client.executed = spec;
        if (spec == null) {
            server.stats().commandsFailed++;
            client.out().error("Command not supported");
            return Outcome.CONTINUE;
        }
        server.stats().commandsValid++;
        CommandContext ctx = new CommandContext(server, client, request);
        try {
            spec.handler().execute(ctx);
        } catch (RuntimeException e) {
            // a bug must cost one reply, never the server nor the other clients
            log.error("command {} failed unexpectedly", spec.name(), e);
            client.out().error("Internal Error");
        }
        notifyWatchers(client);
        return Outcome.CONTINUE;
    }

    /** Replies queued for other clients since the last call (WAIT wake-ups); resets the count. */
    public long takeWakeups() {
        long n = wakeups;
        wakeups = 0;
        return n;
    }

    CommandSpec lookup(byte[] name) {
        if (name.length > 0 && name.length <= 8) {
            CommandSpec hit = exact.get(upperAscii(name));
            if (hit != null) {
                return hit;
            }
        }
        for (CommandSpec spec : table) {
            if (prefixMatches(name, spec.name())) {
                return spec;
            }
        }
        return null;
    }

    private static String upperAscii(byte[] name) {
        char[] c = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            c[i] = Character.toUpperCase((char) (name[i] & 0xff));
        }
        return new String(c);
    }

    private static boolean prefixMatches(byte[] name, String command) {
        if (name.length > command.length()) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (Character.toUpperCase((char) (name[i] & 0xff)) != command.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** WAIT command [timeout-ms]: the reply comes later, from notifyWatchers or the timeout. */
    private void waitCommand(CommandContext ctx) {
        if (ctx.argc() != 2 && ctx.argc() != 3) {
            ctx.out().error("Invalid arguments");
            return;
        }
        CommandSpec target = lookup(ctx.arg(1));
        if (target == null) {
            ctx.out().error("Unknown command to watch");
            return;
        }
        long timeout = WAIT_DEFAULT_MS;
        if (ctx.argc() == 3) {
            if (ctx.arg(2).length > 16) {
                ctx.out().error("Invalid timeout");
                return;
            }
            timeout = CNumbers.atoll(ctx.arg(2));
            if (timeout < 100 || timeout > WAIT_MAX_MS) {
                ctx.out().error("Invalid timeout");
                return;
            }
        }
        if (!ctx.client().isWatching()) {
            watching++;
        }
        ctx.client().watch(target, timeout);
    }

    /** A WAIT ended by timeout or disconnect; keeps the count of waiting clients right. */
    public void watchEnded() {
        if (watching > 0) {
            watching--;
        }
    }

    private void notifyWatchers(ClientState client) {
        if (watching == 0) {
            return;
        }
        CommandSpec executed = client.executed;
        for (ClientState other : server.clients()) {
            if (other == client || other.watching == null || other.namespace != client.namespace) {
                continue;
            }
            if (other.watching == executed || other.watching == asterisk) {
                other.unwatch();
                watching--;
                other.out().status(executed.name());
                wakeups++;
            }
        }
    }
}
