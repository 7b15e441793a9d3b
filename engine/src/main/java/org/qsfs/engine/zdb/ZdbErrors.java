package org.qsfs.engine.zdb;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Turns error replies and transport failures into the typed exceptions, with advice. */
final class ZdbErrors {
    private ZdbErrors() {
    }

    /** The exception for an error reply of the backend. */
    static ZdbException fromReply(BackendAddress a, String reply) {
        String r = reply.toLowerCase(Locale.ROOT);
        if (r.contains("access denied") || r.contains("protected and private")) {
            return new ZdbAuthException(a, "access to namespace '" + a.namespace() + "' refused (" + reply
                    + "): check the password configured for this backend");
        }
        if (r.contains("permission denied")) {
            return new ZdbAuthException(a, reply + ": this command needs the backend's admin password");
        }
        if (r.equals("namespace is in read-only mode")) {
            return new ZdbAuthException(a, "namespace '" + a.namespace() + "' is read-only for this client ("
                    + reply + "): a public namespace is writable only with its password; configure it");
        }
        if (r.contains("no space left")) {
            return new ZdbFullException(a, "namespace '" + a.namespace() + "' is full (" + reply
                    + "): place data on another backend, or raise its limit with NSSET " + a.namespace()
                    + " maxsize");
        }
        if (r.equals("namespace not found")) {
            return new ZdbCommandException(a, reply, "namespace '" + a.namespace() + "' does not exist on "
                    + a.host() + ":" + a.port() + ": create it first (NSNEW " + a.namespace()
                    + " as the backend's admin, e.g. with ZdbAdmin.ensureNamespace or 'qsfs backend add')");
        }
        return new ZdbCommandException(a, reply);
    }

    /** The exception for a failed exchange on {@code c} (which is then broken). */
    static ZdbUnavailableException transport(BackendAddress a, String what, ZdbConnection c, IOException e,
                                             long timeoutMillis) {
        if (c != null && c.timedOut(e)) {
            return new ZdbTimeoutException(a, what + ": no reply within " + seconds(timeoutMillis)
                    + " (request timeout); the backend is overloaded or hung, the connection was dropped");
        }
        return unavailable(a, what, e);
    }

    static ZdbUnavailableException unavailable(BackendAddress a, String what, IOException e) {
        String why;
        if (e instanceof RespProtocolException) {
            why = "the backend sent an invalid reply (" + e.getMessage() + "); is this a 0-db server?";
        } else if (e instanceof ConnectException) {
            why = "connection refused (" + e.getMessage() + "): is the 0-db server running and listening on "
                    + a.host() + ":" + a.port() + "?";
        } else if (e instanceof UnknownHostException) {
            why = "unknown host " + a.host() + ": check the backend address";
        } else if (e instanceof NoRouteToHostException) {
            why = "no route to host " + a.host() + ": check the network";
        } else if (e instanceof EOFException) {
            why = "the backend closed the connection (" + e.getMessage() + ")";
        } else if (e instanceof SocketException) {
            why = "connection lost (" + e.getMessage() + ")";
        } else {
            why = e.toString();
        }
        return new ZdbUnavailableException(a, what + ": " + why, e);
    }

    static String seconds(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String describe(Object reply) {
        if (reply == null) {
            return "nil";
        }
        if (reply instanceof byte[] b) {
            return "bulk of " + b.length + " bytes";
        }
        if (reply instanceof java.util.List<?> l) {
            return "array of " + l.size();
        }
        return String.valueOf(reply);
    }
}
