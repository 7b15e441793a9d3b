package org.qsfs.engine.config;

/**
 * A backend's {@code host:port}; IPv6 hosts are written in brackets ({@code [2a02::1]:9900})
 * and kept here without them.
 */
public record HostPort(String host, int port) {
    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what is expected
     */
    public static HostPort parse(String text) {
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(bad(text, "an IPv6 address goes in brackets followed by"
                        + " the port, e.g. '[2a02:1802:5e::1]:9900'"));
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(bad(text, "add the port, e.g. '" + s + ":9900'"));
            }
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException(bad(text, "an IPv6 address goes in brackets, e.g. '["
                        + s.substring(0, colon) + "]:" + s.substring(colon + 1) + "'"));
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(bad(text, "the host is empty or contains spaces"));
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad(text, "'" + port + "' is not a port number"));
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(bad(text, "the port must be 1..65535"));
        }
        return new HostPort(host, p);
    }

    private static String bad(String text, String hint) {
        return "'" + text + "' is not host:port (" + hint + ")";
    }

    /** {@code host:port}, with IPv6 hosts in brackets: what {@link #parse} reads. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
