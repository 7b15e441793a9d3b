package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --admin and --protect, AUTH and AUTH SECURE. */
class AdminAuthTest {
    @TempDir
    Path dir;

    @Test
    void adminCommandsNeedTheAdminPassword() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).adminPassword("root").build()).start();
             ZdbClient c = new ZdbClient(server)) {
            assertEquals("Permission denied", c.err("NSNEW", "x"));
            assertEquals("Permission denied", c.err("SET", "k", "v", "12345"));
            assertEquals("Permission denied", c.err("NSJUMP"));
            assertEquals("Access denied", c.err("AUTH", "wrong"));
            assertEquals("k", c.str("SET", "k", "v"), "plain writes to default need no admin");
            assertEquals("OK", c.str("AUTH", "root"));
            assertEquals("OK", c.str("NSNEW", "x"));
            assertEquals("k", c.str("SET", "k", "v2", "12345"));
            assertEquals(12345, c.num("KEYTIME", "k"));
            assertTrue(c.str("INFO").contains("commands_unauthorized: 3"));
        }
    }

    @Test
    void authSecureChallenge() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).adminPassword("root").build()).start();
             ZdbClient c = new ZdbClient(server)) {
            assertEquals("No CHALLENGE requested, secure authentication not available",
                    c.err("AUTH", "SECURE", "0".repeat(40)));
            String nonce = c.str("AUTH", "SECURE", "CHALLENGE");
            assertEquals("Invalid hash length", c.err("AUTH", "SECURE", "abc"));
            assertEquals("OK", c.str("AUTH", "SECURE", ZdbCommandsTest.sha1Hex(nonce + ":root")));
            assertEquals("OK", c.str("NSNEW", "y"));
            // a nonce answers one attempt only
            assertEquals("No CHALLENGE requested, secure authentication not available",
                    c.err("AUTH", "SECURE", ZdbCommandsTest.sha1Hex(nonce + ":root")));
        }
    }

    @Test
    void protectMakesDefaultNamespacePrivate() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).adminPassword("root").protect(true).build()).start();
             ZdbClient c = new ZdbClient(server)) {
            assertEquals("Namespace is in read-only mode", c.err("SET", "k", "v"));
            assertEquals("OK", c.str("SELECT", "default", "root"));
            assertEquals("k", c.str("SET", "k", "v"));
        }
    }

    @Test
    void withoutAdminPasswordEveryoneIsAdmin() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient c = new ZdbClient(server)) {
            assertEquals("Authentication disabled", c.err("AUTH", "x"));
            assertEquals("OK", c.str("NSNEW", "free"));
        }
    }

    @Test
    void invalidConfigurationsAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ZdbConfig.embedded(dir).protect(true).build()).getMessage().contains("--admin"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ZdbConfig.embedded(dir).datasize(32).build()).getMessage().contains("smaller"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ZdbConfig.embedded(dir).datasize(8L << 30).build()).getMessage().contains("larger"));
    }
}
