package org.qsfs.zdb.commands;

import org.qsfs.zdb.protocol.RespWriter;
import org.qsfs.zdb.storage.Namespace;

/**
 * What a connection carries between commands (upstream's redis_client_t minus the socket):
 * the selected namespace, its rights, the AUTH SECURE nonce and a pending WAIT.
 */
public final class ClientState {
    private final RespWriter out;
    private final long connectedEpochSeconds = System.currentTimeMillis() / 1000;

    Namespace namespace;
    boolean writable;
    boolean admin;
    String nonce;

    CommandSpec watching;
    long watchStartNanos;
    long watchTimeoutMillis;

    CommandSpec executed;
    long commands;

    /** Makes the state of a new connection; the server decides its initial rights. */
    public interface Factory {
        ClientState create(RespWriter out);
    }

    public ClientState(RespWriter out, Namespace namespace, boolean writable, boolean admin) {
        this.out = out;
        this.namespace = namespace;
        this.writable = writable;
        this.admin = admin;
    }

    public RespWriter out() {
        return out;
    }

    public Namespace namespace() {
        return namespace;
    }

    public boolean isAdmin() {
        return admin;
    }

    public boolean isWatching() {
        return watching != null;
    }

    public long connectedEpochSeconds() {
        return connectedEpochSeconds;
    }

    void watch(CommandSpec spec, long timeoutMillis) {
        watching = spec;
        watchStartNanos = System.nanoTime();
        watchTimeoutMillis = timeoutMillis;
    }

    void unwatch() {
        watching = null;
        watchTimeoutMillis = 0;
    }

    /** Sends "-Timeout" to a WAIT that ran out; true when it did. */
    public boolean expireWatch(long nowNanos) {
        if (watching == null) {
            return false;
        }
        if ((nowNanos - watchStartNanos) / 1_000_000 > watchTimeoutMillis) {
            unwatch();
            out.error("Timeout");
            return true;
        }
        return false;
    }
}
