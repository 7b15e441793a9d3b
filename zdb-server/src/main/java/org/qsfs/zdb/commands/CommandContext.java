package org.qsfs.zdb.commands;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.qsfs.zdb.protocol.Request;
import org.qsfs.zdb.protocol.RespWriter;
import org.qsfs.zdb.storage.Namespace;

/**
 * One request being executed: its arguments, the client, the server, and the argument
 * checks every upstream command starts with (same order, same error texts).
 */
public final class CommandContext {
    /** Upstream COMMAND_MAXLEN: longest sub-command or property name. */
    static final int COMMAND_MAXLEN = 256;
    /** Upstream NAMESPACE_MAX_LENGTH. */
    static final int NAMESPACE_MAX_LENGTH = 128;
    /** Upstream MAX_KEY_LENGTH: keys are at most 255 bytes (8-bit length on disk). */
    static final int MAX_KEY_LENGTH = 255;

    private final ServerContext server;
    private final ClientState client;
    private final Request request;

    CommandContext(ServerContext server, ClientState client, Request request) {
        this.server = server;
        this.client = client;
        this.request = request;
    }

    public ServerContext server() { return server; }
    public ClientState client() { return client; }
    public Namespace ns() { return client.namespace; }
    public RespWriter out() { return client.out(); }
    public int argc() { return request.argc(); }
    public byte[] arg(int i) { return request.arg(i); }
    /** Argument {@code i} without a copy (a large value stays off the heap); read it only. */
    public ByteBuffer argBuffer(int i) { return request.buffer(i); }

    /** The argument as C code sees it through "%.*s": up to the first NUL byte. */
    public String argString(int i) {
        byte[] a = request.arg(i);
        int end = 0;
        while (end < a.length && a[end] != 0) {
            end++;
        }
        return new String(a, 0, end, StandardCharsets.UTF_8);
    }

    /** Exactly {@code expected} arguments, none empty ("Unexpected arguments", "Invalid argument"). */
    boolean validate(int expected) {
        return validate(expected, false);
    }

    /** Exactly {@code expected} arguments, empty ones allowed. */
    boolean validateNull(int expected) {
        return validate(expected, true);
    }

    private boolean validate(int expected, boolean emptyAllowed) {
        if (request.argc() != expected) {
            out().error("Unexpected arguments");
            return false;
        }
        if (!emptyAllowed) {
            for (int i = 0; i < request.argc(); i++) {
                if (request.length(i) == 0) {
                    out().error("Invalid argument");
                    return false;
                }
            }
        }
        return true;
    }

    /** At least {@code expected} arguments, none empty. */
    boolean validateMin(int expected) {
        if (request.argc() < expected) {
            out().error("Missing arguments");
            return false;
        }
        for (int i = 0; i < request.argc(); i++) {
            if (request.length(i) == 0) {
                out().error("Invalid argument");
                return false;
            }
        }
        return true;
    }

    boolean adminAuthorized() {
        if (!client.admin) {
            server.stats().adminFailed++;
            out().error("Permission denied");
            return false;
        }
        return true;
    }

    boolean notOverflow(int index, int maxLength) {
        if (request.length(index) > maxLength) {
            out().error("Argument too long");
            return false;
        }
        return true;
    }

    boolean namespaceArgument(int index) {
        if (request.length(index) > NAMESPACE_MAX_LENGTH) {
            out().error("Namespace too long");
            return false;
        }
        return true;
    }

    /** False (with the upstream error) when the key argument is longer than 255 bytes. */
    boolean keyFits(int index, String error) {
        if (request.length(index) > MAX_KEY_LENGTH) {
            out().error(error);
            return false;
        }
        return true;
    }

    /** True, after replying, when the namespace is frozen (no reads nor writes). */
    boolean frozen() {
        if (ns().isFrozen()) {
            out().error("Namespace is temporarily frozen (read-write disabled)");
            return true;
        }
        return false;
    }

    /** True, after replying, when the namespace is locked read-only. */
    boolean locked() {
        if (ns().isLocked()) {
            out().error("Namespace is temporarily locked (read-only)");
            return true;
        }
        return false;
    }

    /**
     * The checks SET and DEL start with, in upstream's order: arity (one extra timestamp
     * argument is for admins only), key length, the client's write right, frozen, locked.
     *
     * @return false after replying with the first failed check
     */
    boolean writeAllowed(int plainArgc, boolean emptyArgsAllowed, String keyTooLongError) {
        if (request.argc() == plainArgc + 1) {
            if (!adminAuthorized()) {
                return false;
            }
        } else if (!validate(plainArgc, emptyArgsAllowed)) {
            return false;
        }
        if (!keyFits(1, keyTooLongError)) {
            return false;
        }
        if (!client.writable) {
            out().error("Namespace is in read-only mode");
            return false;
        }
        return !frozen() && !locked();
    }

    /** Optional trailing timestamp argument of SET/DEL (admin only); now when absent. */
    long timestampArgument(int index) {
        if (request.argc() == index) {
            return System.currentTimeMillis() / 1000;
        }
        return CNumbers.atoll(request.arg(index));
    }
}
