package org.qsfs.zdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.zdb.storage.StoreFixture.b;
import static org.qsfs.zdb.storage.StoreFixture.del;
import static org.qsfs.zdb.storage.StoreFixture.get;
import static org.qsfs.zdb.storage.StoreFixture.seqSet;
import static org.qsfs.zdb.storage.StoreFixture.set;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRoundTripTest {
    @TempDir
    Path root;

    @Test
    void userModeRoundTripSurvivesRestart() throws Exception {
        StorageSettings s = StoreFixture.settings(root).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals("default", ns.name());
            assertTrue(ns.isFresh());
            for (int i = 0; i < 200; i++) set(ns, b("key-" + i), b("value-" + i), 1000 + i);
            assertFalse(ns.isFresh());
            assertEquals(200, ns.index().entries());
            assertArrayEquals(b("value-7"), get(ns, b("key-7")));
            assertNull(get(ns, b("nope")));
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(200, ns.index().entries());
            long expected = 0;
            for (int i = 0; i < 200; i++) {
                assertArrayEquals(b("value-" + i), get(ns, b("key-" + i)));
                assertEquals(1000 + i, ns.index().get(b("key-" + i)).timestamp);
                expected += ("value-" + i).length();
            }
            assertEquals(expected, ns.index().dataSize());
            set(ns, b("after"), b("restart"), 1);
            assertArrayEquals(b("restart"), get(ns, b("after")));
        }
    }

    @Test
    void overwriteKeepsHistoryChain() throws Exception {
        StorageSettings s = StoreFixture.settings(root).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            set(ns, b("k"), b("v1"), 1);
            set(ns, b("other"), b("x"), 2);
            set(ns, b("k"), b("v22"), 3);
            set(ns, b("k"), b("v333"), 4);
            assertEquals(2, ns.index().entries());
            assertEquals(5, ns.index().dataSize());
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            IndexEntry e = ns.index().get(b("k"));
            assertArrayEquals(b("v333"), get(ns, b("k")));
            List<String> chain = new ArrayList<>();
            long pid = e.parentId;
            long poff = e.parentOff;
            while (pid != 0 || poff != 0) {
                IndexItem it = ns.index().itemFromDisk(pid, poff, 1);
                assertNotNull(it);
                assertArrayEquals(b("k"), it.id);
                assertTrue(it.isDeleted(), "superseded records are flagged");
                chain.add(new String(ns.data().get(it.offset, it.length, it.dataId, 1)) + "@" + it.timestamp);
                pid = it.parentId;
                poff = it.parentOff;
            }
            assertEquals(List.of("v22@3", "v1@1"), chain);
        }
    }

    @Test
    void deleteWritesTombstoneAndStaysDeleted() throws Exception {
        StorageSettings s = StoreFixture.settings(root).build();
        long tombstoneAt;
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            set(ns, b("a"), b("alpha"), 1);
            set(ns, b("b"), b("beta"), 1);
            tombstoneAt = ns.data().nextOffset();
            del(ns, b("a"), 77);
            assertNull(ns.index().get(b("a")));
            assertEquals(1, ns.index().entries());
            assertThrows(StorageException.class, () -> del(ns, b("a"), 78));
        }
        byte[] d0 = Files.readAllBytes(root.resolve("data/default/d0"));
        // tombstone: idlength 1, datalength 0, previous, crc 0, flags 1, timestamp 77, id "a"
        assertEquals(tombstoneAt + 18 + 1, d0.length);
        int t = (int) tombstoneAt;
        assertEquals(1, d0[t]);
        assertEquals(0, Le.wrap(d0).getInt(t + 1));
        assertEquals(0, Le.wrap(d0).getInt(t + 9));
        assertEquals(1, d0[t + 13]);
        assertEquals(77, Le.wrap(d0).getInt(t + 14));
        assertEquals('a', d0[t + 18]);
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertNull(ns.index().get(b("a")));
            assertArrayEquals(b("beta"), get(ns, b("b")));
            set(ns, b("a"), b("again"), 5);
            assertArrayEquals(b("again"), get(ns, b("a")));
        }
        try (Namespaces all = Namespaces.open(s)) {
            assertArrayEquals(b("again"), get(all.getDefault(), b("a")));
        }
    }

    @Test
    void sequentialModeKeepsIdsAcrossRestart() throws Exception {
        StorageSettings s = StoreFixture.settings(root).mode(IndexMode.SEQUENTIAL).dataSize(300).build();
        List<byte[]> ids = new ArrayList<>();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(IndexMode.SEQUENTIAL, ns.index().mode());
            for (int i = 0; i < 30; i++) ids.add(seqSet(ns, null, b("payload-" + i), i));
            assertEquals(0L, Le.seqId(ids.get(0)));
            assertEquals(29L, Le.seqId(ids.get(29)));
            assertTrue(ns.index().indexId() > 2, "rotated at a tiny datasize");
            assertNull(ns.index().get(new byte[3]), "wrong key length");
            assertNull(ns.index().get(Le.seqKey(30)), "beyond the last id");
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(30, ns.index().nextId());
            for (int i = 0; i < 30; i++) assertArrayEquals(b("payload-" + i), get(ns, ids.get(i)), "id " + i);
            // update id 3: the old version goes to history, a copy consumes id 30
            seqSet(ns, ids.get(3), b("updated"), 100);
            assertEquals(32, ns.index().nextId() + 1);
            assertArrayEquals(b("updated"), get(ns, ids.get(3)));
            assertNull(ns.index().get(Le.seqKey(30)), "the history copy is not a live id");
            IndexEntry e = ns.index().get(ids.get(3));
            IndexItem old = ns.index().itemFromDisk(e.parentId, e.parentOff, 8);
            assertArrayEquals(b("payload-3"), ns.data().get(old.offset, old.length, old.dataId, 8));
            byte[] next = seqSet(ns, null, b("appended"), 101);
            assertEquals(31L, Le.seqId(next));
            del(ns, ids.get(5), 102);
            assertNull(get(ns, ids.get(5)));
            assertThrows(StorageException.class, () -> seqSet(ns, Le.seqKey(999), b("x"), 1));
            assertFalse(ns.index().dirtyList().isEmpty(), "in-place rewrites mark files dirty");
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(32, ns.index().nextId());
            assertArrayEquals(b("updated"), get(ns, ids.get(3)));
            assertArrayEquals(b("appended"), get(ns, Le.seqKey(31)));
            assertNull(get(ns, ids.get(5)));
            assertArrayEquals(b("payload-29"), get(ns, ids.get(29)));
            assertEquals(30, ns.index().entries());
        }
    }

    @Test
    void rotationAndScansInBothDirections() throws Exception {
        StorageSettings s = StoreFixture.settings(root).dataSize(256).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(ScanStatus.NO_MORE_DATA, ns.index().first().status());
            assertEquals(ScanStatus.NO_MORE_DATA, ns.index().last().status());
            for (int i = 0; i < 40; i++) set(ns, b("k" + i), b("some-value-" + i), i);
            set(ns, b("k5"), b("changed"), 50);
            del(ns, b("k7"), 51);
            assertTrue(ns.index().indexId() >= 5);
            for (long f = 0; f <= ns.index().indexId(); f++) {
                assertTrue(Files.isRegularFile(root.resolve("data/default/d" + f)));
                assertTrue(Files.isRegularFile(root.resolve("index/default/i" + f)));
                // the check ignores the entry header, as upstream: a file may pass datasize by 18 + id bytes
                assertTrue(Files.size(root.resolve("data/default/d" + f)) <= 256 + 18 + 3);
            }
        }
        try (Namespaces all = Namespaces.open(s)) {
            Index idx = all.getDefault().index();
            List<String> forward = new ArrayList<>();
            for (ScanStep st = idx.first(); st.ok(); st = idx.next(st.fileId(), st.target())) {
                forward.add(new String(st.item().id));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) if (i != 5 && i != 7) expected.add("k" + i);
            expected.add("k5");
            assertEquals(expected, forward);
            List<String> backward = new ArrayList<>();
            for (ScanStep st = idx.last(); st.ok(); st = idx.previous(st.fileId(), st.target())) {
                backward.add(new String(st.item().id));
            }
            java.util.Collections.reverse(backward);
            assertEquals(expected, backward);
            // cursors round-trip and are validated
            ScanStep first = idx.first();
            byte[] cursor = idx.serializeCursor(first.item(), first.target(), first.fileId());
            assertEquals(17, cursor.length);
            IndexEntry e = idx.deserializeCursor(cursor);
            assertArrayEquals(b("k0"), e.id);
            assertArrayEquals(cursor, idx.serializeCursor(e));
            cursor[13] ^= 1; // crc
            assertNull(idx.deserializeCursor(cursor));
            assertNull(idx.deserializeCursor(new byte[5]));
        }
    }

    /** Big appends are written back in the background; a rotation and a reopen find every value whole. */
    @Test
    void bigAppendsAreWrittenBackAheadAndSurviveRotationAndReopen() throws Exception {
        StorageSettings s = StoreFixture.settings(root).dataSize(48L << 20).build();
        byte[] value = new byte[1 << 20];
        long before = WritebackAhead.STARTED.get();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            for (int i = 0; i < 80; i++) { // 80 MiB: a write-back every 32 MiB, a rotation at 48 MiB
                java.util.Arrays.fill(value, (byte) i);
                set(ns, b("big" + i), value, i);
            }
            assertTrue(WritebackAhead.STARTED.get() - before >= 2, "background write-backs started");
            assertTrue(ns.index().indexId() >= 1, "rotated");
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            for (int i = 0; i < 80; i++) {
                byte[] back = get(ns, b("big" + i));
                java.util.Arrays.fill(value, (byte) i);
                assertArrayEquals(value, back, "value " + i);
            }
        }
    }

    @Test
    void badInputGivesNullsNotExceptions() throws Exception {
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).build())) {
            Namespace ns = all.getDefault();
            set(ns, b("k"), b("v"), 1);
            Index idx = ns.index();
            DataStore data = ns.data();
            assertNull(idx.itemFromDisk(0, 5, 1));
            assertNull(idx.itemFromDisk(0, 1L << 40, 1));
            assertNull(idx.itemFromDisk(99, 29, 1));
            assertNull(idx.itemFromDisk(0, 29, 7), "id length mismatch");
            assertNull(data.get(1L << 33, 10, 0, 1));
            assertNull(data.get(28, 1000, 0, 1));
            assertNull(data.get(28, 1, 12345, 1));
            assertFalse(data.check(99999, 0));
            assertFalse(data.check(28, 4242));
            assertEquals(DataRaw.EOF, data.raw(0, 99999).error());
            assertEquals(DataRaw.UNEXPECTED, data.raw(42, 28).error());
            DataRaw raw = data.raw(0, 28);
            assertTrue(raw.ok());
            assertArrayEquals(b("k"), raw.id());
            assertArrayEquals(b("v"), raw.payload());
            assertEquals(ScanStatus.UNEXPECTED, idx.next(0, 999999).status());
            assertEquals(ScanStatus.NO_MORE_DATA, idx.next(77, 29).status());
            assertArrayEquals(b("v"), get(ns, b("k")));
        }
    }

    @Test
    void namespacesSettingsFlushReloadAndMode() throws Exception {
        StorageSettings s = StoreFixture.settings(root).build();
        try (Namespaces all = Namespaces.open(s)) {
            assertFalse(Namespaces.validName("default"));
            assertFalse(Namespaces.validName(".."));
            assertFalse(Namespaces.validName("a/b"));
            assertTrue(Namespaces.validName("hello"));
            Namespace ns = all.create("hello");
            assertThrows(StorageException.class, () -> all.create("hello"));
            assertThrows(StorageException.class, () -> all.create("default"));
            assertTrue(ns.isPublic());
            ns.setPassword("secret");
            ns.setPublic(false);
            ns.setMaxSize(12345);
            ns.setWorm(true);
            ns.commit();
            ns.freeze();
            assertTrue(ns.isFrozen());
            Namespace seq = all.create("seq");
            seq.switchMode(IndexMode.SEQUENTIAL);
            seqSet(seq, null, b("first"), 1);
            assertThrows(StorageException.class, () -> seq.switchMode(IndexMode.USER));
            Namespace gone = all.create("gone");
            set(gone, b("x"), b("y"), 1);
            all.delete(gone);
            assertFalse(Files.exists(root.resolve("index/gone")));
            assertEquals(List.of("default", "hello", "seq"), all.list().stream().map(Namespace::name).toList());
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.get("hello");
            assertEquals("secret", ns.password());
            assertFalse(ns.isPublic());
            assertEquals(12345, ns.maxSize());
            assertTrue(ns.worm());
            assertFalse(ns.isFrozen(), "freeze is runtime only");
            Namespace seq = all.get("seq");
            assertEquals(IndexMode.SEQUENTIAL, seq.index().mode());
            assertArrayEquals(b("first"), get(seq, Le.seqKey(0)));
            set(ns, b("a"), b("b"), 1);
            ns.reload();
            assertArrayEquals(b("b"), get(ns, b("a")));
            ns.flush();
            assertNull(get(ns, b("a")));
            assertTrue(ns.isFresh());
            assertEquals("secret", ns.password(), "flush keeps the descriptor");
        }
        try (Namespaces all = Namespaces.open(s)) {
            assertNull(get(all.get("hello"), b("a")));
        }
    }

    @Test
    void fixedModeRefusesIndexOfOtherMode() throws Exception {
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).mode(IndexMode.SEQUENTIAL).build())) {
            seqSet(all.getDefault(), null, b("x"), 1);
        }
        assertThrows(java.io.IOException.class,
                () -> Namespaces.open(StoreFixture.settings(root).mode(IndexMode.USER).build()));
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).build())) {
            assertEquals(IndexMode.SEQUENTIAL, all.getDefault().index().mode(), "mixed mode takes the file's");
        }
    }
}
