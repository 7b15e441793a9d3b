package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/** A real Redis client (Jedis) speaking 0-db's commands to a server under test. */
final class ZdbClient implements AutoCloseable {
    final Jedis jedis;

    ZdbClient(String host, int port) {
        jedis = new Jedis(host, port, 10_000);
    }

    ZdbClient(ZdbServer server) {
        this("127.0.0.1", server.port());
    }

    /** Sends a command; String arguments are UTF-8, byte[] as is. Returns Jedis' raw reply. */
    Object cmd(Object... words) {
        byte[][] args = new byte[words.length - 1][];
        for (int i = 1; i < words.length; i++) {
            args[i - 1] = bytes(words[i]);
        }
        String name = (String) words[0];
        ProtocolCommand c = () -> name.getBytes(StandardCharsets.UTF_8);
        return jedis.sendCommand(c, args);
    }

    /** The reply as text (bulk or status), or null for nil. */
    String str(Object... words) {
        Object r = cmd(words);
        return r == null ? null : new String((byte[]) r, StandardCharsets.UTF_8);
    }

    long num(Object... words) {
        return (Long) cmd(words);
    }

    /** Expects an error reply and returns its text. */
    String err(Object... words) {
        return assertThrows(JedisDataException.class, () -> cmd(words)).getMessage();
    }

    static byte[] bytes(Object o) {
        return o instanceof byte[] b ? b : o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String text(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        jedis.close();
    }
}
