package org.qsfs.engine.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.BlockStoreOptions;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.store.ZdbCluster;

/** The metadata store against six real zdb-servers, k=4, m=2. */
class MetadataStoreTest {
    private static final PlacementPolicy POLICY = new PlacementPolicy(4, 2, 0);

    @TempDir
    Path dir;
    private ZdbCluster cluster;
    private final MasterKey key = MasterKey.generate();
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final List<AutoCloseable> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new ZdbCluster(dir, 6, NamespaceMode.USER);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : stores) {
            c.close();
        }
        executor.shutdownNow();
        cluster.close();
    }

    private MetadataStore store(MasterKey k, List<StoreBackend> backends) {
        MetadataStore s = new MetadataStore(new BackendRegistry(backends), POLICY,
                KeyDerivation.derive(k, KeyPurpose.METADATA), KeyDerivation.derive(k, KeyPurpose.NAMES), executor,
                BlockStoreOptions.DEFAULTS.withShardTimeout(Duration.ofSeconds(2)));
        stores.add(s);
        return s;
    }

    private MetadataStore store() {
        return store(key, cluster.metadataBackends());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionsTombstonesAndList() throws Exception {
        MetadataStore s = store();
        assertNull(s.get("a"));
        MetadataStore.PutResult p1 = s.put("a", utf8("one"));
        assertEquals(1, p1.record().version());
        assertTrue(p1.safe());
        assertEquals(2, s.put("a", utf8("two")).record().version());
        assertEquals(3, s.put("a", utf8("three")).record().version());
        assertArrayEquals(utf8("three"), s.get("a").value());
        s.put("b/x", new byte[0]);
        s.put("b/y", utf8("y"));
        assertEquals(List.of("a", "b/x", "b/y"), s.list());
        assertEquals(List.of("b/x", "b/y"), s.list("b/"));

        assertTrue(s.delete("b/x"));
        assertFalse(s.delete("b/x"));
        assertNull(s.get("b/x"));
        assertTrue(s.getLatest("b/x").deleted());
        assertEquals(List.of("a", "b/y"), s.list());
        assertEquals(3, s.put("b/x", utf8("back")).record().version());
        assertArrayEquals(utf8("back"), s.get("b/x").value());
    }

    @Test
    void aFreshStoreWithOnlyTheKeyAndBackendsSeesEverything() throws Exception {
        MetadataStore s = store();
        for (int i = 0; i < 20; i++) {
            s.put("rec-" + i, utf8("value " + i));
        }
        s.put("rec-3", utf8("newer"));
        s.delete("rec-7");
        // Only what a user carries to a new machine: the key (as its recovery phrase) and the backend list.
        MasterKey again = org.qsfs.engine.crypto.RecoveryPhrase.parse(org.qsfs.engine.crypto.RecoveryPhrase.of(key));
        MetadataStore fresh = store(again, cluster.metadataBackends());
        List<String> names = fresh.list();
        assertEquals(19, names.size());
        assertFalse(names.contains("rec-7"));
        assertArrayEquals(utf8("newer"), fresh.get("rec-3").value());
        assertEquals(2, fresh.get("rec-3").version());
    }

    @Test
    void anyTwoBackendsDownStillReadAndWrite() throws Exception {
        MetadataStore all = store();
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                String base = "safe " + a + b;
                assertTrue(all.put("r", utf8(base)).safe());
                cluster.stop(a);
                cluster.stop(b);
                MetadataStore t = store(key, cluster.metadataBackends());
                assertArrayEquals(utf8(base), t.get("r").value(), "down " + a + "," + b);
                String degraded = "degraded " + a + b;
                MetadataStore.PutResult p = t.put("r", utf8(degraded));
                assertFalse(p.safe(), "two backends are down: not safe");
                assertArrayEquals(utf8(degraded), t.get("r").value());
                cluster.startAll();
                // back to full strength: the degraded version is the newest and readable
                MetadataRecord now = store().get("r");
                assertArrayEquals(utf8(degraded), now.value());
                assertEquals(p.record().version(), now.version());
            }
        }
    }

    @Test
    void aWriteThatFailsHalfWayKeepsTheNewestCompleteVersion() throws Exception {
        List<StoreBackend> backends = new ArrayList<>();
        List<FlakyNamespace> flaky = new ArrayList<>();
        for (StoreBackend b : cluster.metadataBackends()) {
            FlakyNamespace f = new FlakyNamespace(b.namespace());
            flaky.add(f);
            backends.add(new StoreBackend(b.id(), b.group(), f, NamespaceMode.USER));
        }
        MetadataStore s = store(key, backends);
        s.put("r", utf8("v1"));
        s.put("r", utf8("v2"));
        for (int i = 0; i < 3; i++) {
            flaky.get(i).failWrites = true;
        }
        MetadataUnavailableException e = assertThrows(MetadataUnavailableException.class,
                () -> s.put("r", utf8("v3")));
        assertTrue(e.getMessage().contains("only 3 of 6"), e.getMessage());
        for (FlakyNamespace f : flaky) {
            f.failWrites = false;
        }
        MetadataStore fresh = store(key, cluster.metadataBackends());
        assertArrayEquals(utf8("v2"), fresh.get("r").value());
        assertEquals(3, fresh.put("r", utf8("v3 again")).record().version());
        assertArrayEquals(utf8("v3 again"), store(key, cluster.metadataBackends()).get("r").value());
    }

    @Test
    void aNewerVersionOnUnreachableBackendsIsAnErrorNotTheOlderVersion() throws Exception {
        MetadataStore s = store();
        s.put("r", utf8("v1"));
        cluster.stop(0);
        cluster.stop(1);
        assertFalse(store().put("r", utf8("v2 written degraded")).safe()); // 4 shards, on backends 2..5
        cluster.startAll();
        cluster.stop(2); // v2 now has 3 readable shards of the 4 needed; v1 has 5
        MetadataUnavailableException e = assertThrows(MetadataUnavailableException.class, () -> store().get("r"));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
        assertThrows(MetadataUnavailableException.class, () -> store().put("r", utf8("must not be numbered v2")));
        cluster.startAll();
        assertArrayEquals(utf8("v2 written degraded"), store().get("r").value());
    }

    @Test
    void scrubWritesDegradedRecordsAgainSoOtherBackendsCanFail() throws Exception {
        MetadataStore s = store();
        s.put("healthy", utf8("h"));
        s.put("gone", utf8("g"));
        cluster.stop(0);
        cluster.stop(1);
        MetadataStore down = store();
        down.put("r", utf8("written degraded"));
        down.delete("gone"); // a degraded tombstone: an older live version must not come back
        cluster.startAll();
        MetadataStore.ScrubResult r = store().scrub();
        assertEquals(3, r.records(), r.toString());
        assertEquals(2, r.rewritten(), r.toString());
        assertTrue(r.unreadable().isEmpty() && r.degraded() == 0, r.toString());
        assertTrue(store().scrub().clean(), "a second scrub finds nothing");
        // now two *other* backends may fail: every record still reads as written
        cluster.stop(2);
        cluster.stop(3);
        MetadataStore t = store();
        assertArrayEquals(utf8("written degraded"), t.get("r").value());
        assertNull(t.get("gone"));
        assertArrayEquals(utf8("h"), t.get("healthy").value());
    }

    @Test
    void scrubRewritesARecordWithARottenShard() throws Exception {
        List<StoreBackend> backends = cluster.metadataBackends();
        MetadataStore s = store();
        s.put("r", utf8("value"));
        // overwrite one backend's copies of both slots with garbage of the same form
        for (byte[] k : List.of(new SlotKeys(KeyDerivation.derive(key, KeyPurpose.NAMES)).key("r", 0),
                new SlotKeys(KeyDerivation.derive(key, KeyPurpose.NAMES)).key("r", 1))) {
            byte[] v = backends.get(4).namespace().get(k);
            if (v != null) {
                v[v.length - 1] ^= 0x40;
                backends.get(4).namespace().set(k, v);
            }
        }
        MetadataStore.ScrubResult r = store().scrub();
        assertEquals(1, r.rewritten(), r.toString());
        assertTrue(store().scrub().clean());
        assertArrayEquals(utf8("value"), store().get("r").value());
    }

    @Test
    void moreThanMDownIsAClearError() throws Exception {
        MetadataStore s = store();
        s.put("r", utf8("v1"));
        cluster.stop(0);
        cluster.stop(2);
        cluster.stop(4);
        MetadataStore t = store(key, cluster.metadataBackends());
        MetadataUnavailableException e = assertThrows(MetadataUnavailableException.class, () -> t.get("r"));
        assertTrue(e.getMessage().contains("m0") && e.getMessage().contains("m2") && e.getMessage().contains("m4"),
                e.getMessage());
        assertThrows(MetadataUnavailableException.class, () -> t.put("r", utf8("v2")));
        assertThrows(MetadataUnavailableException.class, t::list);
    }

    @Test
    void anotherKeySeesNothingAndNamesNeverReachABackend() throws Exception {
        MetadataStore s = store();
        String secret = "very-secret-record-name";
        s.put(secret, utf8("very secret record value that must not leak to any backend"));
        MetadataStore other = store(MasterKey.generate(), cluster.metadataBackends());
        assertNull(other.get(secret));
        assertEquals(List.of(), other.list());
        assertFalse(other.backendsEmpty());
        cluster.close(); // flush and release the files
        for (Path f : cluster.allFiles()) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(secret), f.toString());
            assertFalse(text.contains("very secret record value"), f.toString());
        }
    }
}
