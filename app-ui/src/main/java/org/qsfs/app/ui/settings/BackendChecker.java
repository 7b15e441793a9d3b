package org.qsfs.app.ui.settings;

import java.time.Duration;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbAuthException;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbCommandException;
import org.qsfs.engine.zdb.ZdbConnector;
import org.qsfs.engine.zdb.ZdbException;

/**
 * Checks what a user typed for a backend, field by field, so the form can show each problem
 * next to its field: an address that does not parse, a backend that does not answer, a
 * namespace that does not exist, a wrong password. Network checks block: call them off the FX thread.
 */
public final class BackendChecker {
    /** Which field a problem belongs to. */
    public enum Field { ADDRESS, NAMESPACE, PASSWORD, SITE }

    /** One problem, or success with what the backend said. */
    public record Result(Field field, String message, boolean ok) {
        static Result problem(Field f, String message) {
            return new Result(f, message, false);
        }

        static Result fine(String message) {
            return new Result(null, message, true);
        }
    }

    private final Duration timeout;

    public BackendChecker(Duration timeout) {
        this.timeout = timeout;
    }

    /** The parsed address, or an {@link IllegalArgumentException} whose message says what is expected. */
    public static HostPort parseAddress(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("enter the backend's address as host:port, e.g. 10.0.0.5:9900");
        }
        return HostPort.parse(text);
    }

    /** Problems found without the network (empty fields, bad address); null when none. */
    public static Result checkOffline(String role, String site, String address, String namespace) {
        try {
            parseAddress(address);
        } catch (IllegalArgumentException e) {
            return Result.problem(Field.ADDRESS, e.getMessage());
        }
        if (namespace == null || namespace.isBlank()) {
            return Result.problem(Field.NAMESPACE, "enter the namespace (\"default\" if unsure)");
        }
        if (namespace.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            return Result.problem(Field.NAMESPACE, "a namespace has no spaces or slashes");
        }
        if (!"meta".equals(role) && (site == null || site.isBlank())) {
            return Result.problem(Field.SITE, "name the site this backend is in (e.g. \"home\", \"office\")");
        }
        return null;
    }

    /** Connects, selects the namespace with the password, asks PING and NSINFO. */
    public Result probe(HostPort address, String namespace, String password) {
        BackendAddress a = new BackendAddress(address.host(), address.port(), namespace,
                password == null || password.isEmpty() ? null : password);
        ZdbConnector connector = ZdbConnector.builder().connectTimeout(timeout).requestTimeout(timeout)
                .maxConnections(1).buildConnector();
        try (ZdbClient c = connector.open(a)) {
            Duration rtt = c.ping();
            NamespaceInfo info = c.info();
            if (info.freeBytes() == 0) {
                return Result.problem(Field.ADDRESS, "the namespace is full: no room for shards");
            }
            if (info.hasPassword() && (password == null || password.isEmpty())) {
                return Result.problem(Field.PASSWORD, "this namespace needs a password");
            }
            return Result.fine(String.format(java.util.Locale.ROOT, "answers in %.1f ms; %s",
                    rtt.toNanos() / 1e6, info.freeBytes() < 0 ? "no size limit"
                            : org.qsfs.engine.config.Sizes.human(info.freeBytes()) + " free"));
        } catch (ZdbAuthException e) {
            return Result.problem(Field.PASSWORD, "wrong password for namespace " + namespace);
        } catch (ZdbCommandException e) {
            String r = e.reply() == null ? "" : e.reply().toLowerCase(java.util.Locale.ROOT);
            if (r.contains("namespace") && (r.contains("not found") || r.contains("no such"))) {
                return Result.problem(Field.NAMESPACE, "namespace " + namespace + " does not exist on this backend");
            }
            if (r.contains("password") || r.contains("denied") || r.contains("auth")) {
                return Result.problem(Field.PASSWORD, "wrong password for namespace " + namespace);
            }
            return Result.problem(Field.ADDRESS, "the backend refused: " + e.getMessage());
        } catch (ZdbException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            String prefix = a + ": ";
            return Result.problem(Field.ADDRESS, "cannot reach the backend: "
                    + (m.startsWith(prefix) ? m.substring(prefix.length()) : m));
        } catch (RuntimeException e) {
            return Result.problem(Field.ADDRESS, "cannot reach the backend: " + e.getMessage());
        }
    }
}
