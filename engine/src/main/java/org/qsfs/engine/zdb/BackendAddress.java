package org.qsfs.engine.zdb;

/**
 * Address of one namespace on one backend: host, port, namespace and its password
 * (null when the namespace has none). {@link #toString()} never shows the password.
 */
public record BackendAddress(String host, int port, String namespace, String password) {
    public BackendAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("backend host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend port must be 1..65535, got " + port);
        }
        if (namespace == null || namespace.isEmpty()) {
            namespace = "default";
        }
    }

    /** "host:port/namespace", IPv6 hosts in brackets. */
    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port + "/" + namespace;
    }
}
