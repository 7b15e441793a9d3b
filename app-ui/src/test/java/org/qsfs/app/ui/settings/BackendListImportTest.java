package org.qsfs.app.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendListImportTest {
    @Test
    void parsesSitesNamespacesPasswordsAndMetadata() throws Exception {
        List<BackendEntry> l = BackendListImport.parse("""
                # site address [namespace [password]]
                home 10.0.0.5:9900
                office [2a02:1802:5e::1]:9900 ns1 secret

                metadata 10.0.0.9:9900 meta
                """, "test");
        assertEquals(3, l.size());
        assertEquals("10.0.0.5:9900/default", l.get(0).id());
        assertEquals("home", l.get(0).site());
        assertEquals("secret", l.get(1).password());
        assertEquals("[2a02:1802:5e::1]:9900/ns1", l.get(1).id());
        assertTrue(l.get(2).metadata());
    }

    @Test
    void oneBadLineImportsNothing() {
        IOException e = assertThrows(IOException.class, () -> BackendListImport.parse("home 10.0.0.5:9900\nhome"
                + " nohost\n", "list.txt"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing imported"), e.getMessage());
    }
}
