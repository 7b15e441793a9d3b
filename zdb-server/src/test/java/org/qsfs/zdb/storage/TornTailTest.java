package org.qsfs.zdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.zdb.storage.StoreFixture.b;
import static org.qsfs.zdb.storage.StoreFixture.get;
import static org.qsfs.zdb.storage.StoreFixture.seqSet;
import static org.qsfs.zdb.storage.StoreFixture.set;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash at any byte of the last write: reopen keeps every earlier entry and drops the torn one. */
class TornTailTest {
    @TempDir
    Path root;

    private long dataBefore;
    private long indexBefore;
    private long dataAfter;
    private long indexAfter;

    private Path base(IndexMode mode) throws Exception {
        Path dir = root.resolve("base-" + mode);
        StorageSettings s = StoreFixture.settings(dir).mode(mode).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            for (int i = 0; i < 4; i++) write(ns, mode, i);
            dataBefore = ns.data().nextOffset();
            indexBefore = Files.size(ns.index().indexFile());
            write(ns, mode, 4);
            dataAfter = ns.data().nextOffset();
            indexAfter = Files.size(ns.index().indexFile());
        }
        return dir;
    }

    private static byte[] key(IndexMode mode, int i) {
        return mode == IndexMode.USER ? b("key-" + i) : Le.seqKey(i);
    }

    private static void write(Namespace ns, IndexMode mode, int i) throws Exception {
        byte[] value = b("value-number-" + i);
        if (mode == IndexMode.USER) {
            set(ns, key(mode, i), value, i);
        } else {
            seqSet(ns, null, value, i);
        }
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    private void verifyAfterCrash(Path dir, IndexMode mode, boolean lastSurvives) throws Exception {
        StorageSettings s = StoreFixture.settings(dir).mode(mode).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            for (int i = 0; i < 4; i++) assertArrayEquals(b("value-number-" + i), get(ns, key(mode, i)), dir + " #" + i);
            if (lastSurvives) {
                assertArrayEquals(b("value-number-4"), get(ns, key(mode, 4)));
            } else {
                assertNull(get(ns, key(mode, 4)), dir.toString());
                assertEquals(4, ns.index().entries());
                if (mode == IndexMode.SEQUENTIAL) assertEquals(4, ns.index().nextId());
                // files are clean again: new writes land right after the good part
                assertEquals(indexBefore, Files.size(ns.index().indexFile()));
            }
            write(ns, mode, 4);
            assertArrayEquals(b("value-number-4"), get(ns, key(mode, 4)));
            for (int i = 0; i < 5; i++) assertTrue(ns.data().check(ns.index().get(key(mode, i)).offset, 0));
        }
        try (Namespaces all = Namespaces.open(s)) {
            assertArrayEquals(b("value-number-4"), get(all.getDefault(), key(mode, 4)));
        }
    }

    private void everyCut(IndexMode mode) throws Exception {
        Path base = base(mode);
        int n = 0;
        // data torn (index record never written)
        for (long cut = dataBefore; cut < dataAfter; cut++) {
            Path dir = root.resolve(mode + "-d" + n++);
            StoreFixture.copyTree(base, dir);
            truncate(dir.resolve("data/default/d0"), cut);
            truncate(dir.resolve("index/default/i0"), indexBefore);
            verifyAfterCrash(dir, mode, false);
        }
        // data complete, index record written partially
        for (long cut = indexBefore; cut < indexAfter; cut++) {
            Path dir = root.resolve(mode + "-i" + n++);
            StoreFixture.copyTree(base, dir);
            truncate(dir.resolve("index/default/i0"), cut);
            verifyAfterCrash(dir, mode, false);
        }
        // index complete but its data is torn (only possible without ordering guarantees)
        for (long cut = dataBefore; cut < dataAfter; cut += 3) {
            Path dir = root.resolve(mode + "-x" + n++);
            StoreFixture.copyTree(base, dir);
            truncate(dir.resolve("data/default/d0"), cut);
            verifyAfterCrash(dir, mode, false);
        }
    }

    @Test
    void userModeEveryCut() throws Exception {
        everyCut(IndexMode.USER);
    }

    @Test
    void sequentialModeEveryCut() throws Exception {
        everyCut(IndexMode.SEQUENTIAL);
    }

    @Test
    void badChecksumOfLastEntryIsCut() throws Exception {
        Path base = base(IndexMode.USER);
        Path d0 = base.resolve("data/default/d0");
        byte[] raw = Files.readAllBytes(d0);
        raw[raw.length - 1] ^= 0x55; // last payload byte
        Files.write(d0, raw);
        verifyAfterCrash(base, IndexMode.USER, false);
    }

    @Test
    void zeroFilledTailIsCut() throws Exception {
        Path base = base(IndexMode.USER);
        Files.write(base.resolve("data/default/d0"), new byte[100], StandardOpenOption.APPEND);
        Files.write(base.resolve("index/default/i0"), new byte[77], StandardOpenOption.APPEND);
        verifyAfterCrash(base, IndexMode.USER, true);
    }

    @Test
    void corruptionInTheMiddleIsReportedNotCut() throws Exception {
        Path base = base(IndexMode.USER);
        StorageSettings s = StoreFixture.settings(base).mode(IndexMode.USER).build();
        long offset;
        try (Namespaces all = Namespaces.open(s)) {
            offset = all.getDefault().index().get(b("key-1")).offset;
        }
        Path d0 = base.resolve("data/default/d0");
        byte[] raw = Files.readAllBytes(d0);
        raw[(int) offset + 18 + 5 + 2] ^= 0x01; // a payload byte of key-1
        Files.write(d0, raw);
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(5, ns.index().entries(), "nothing cut");
            assertFalse(ns.data().check(offset, 0));
            for (int i = 0; i < 5; i++) {
                if (i != 1) assertTrue(ns.data().check(ns.index().get(key(IndexMode.USER, i)).offset, 0));
            }
            assertArrayEquals(b("value-number-4"), get(ns, key(IndexMode.USER, 4)));
        }
        assertEquals(raw.length, Files.size(d0));
    }

    @Test
    void interruptedRotationIsCompleted() throws Exception {
        Path base = base(IndexMode.SEQUENTIAL);
        // crash right after creating i1: a partial header and no d1
        Files.write(base.resolve("index/default/i1"), new byte[] {'I', 'D', 'X'});
        StorageSettings s = StoreFixture.settings(base).mode(IndexMode.SEQUENTIAL).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(1, ns.index().indexId());
            assertEquals(5, ns.index().nextId());
            byte[] id = seqSet(ns, null, b("after"), 1);
            assertEquals(5, Le.seqId(id));
            assertArrayEquals(b("after"), get(ns, id));
            assertArrayEquals(b("value-number-2"), get(ns, Le.seqKey(2)));
        }
        try (Namespaces all = Namespaces.open(s)) {
            assertArrayEquals(b("after"), get(all.getDefault(), Le.seqKey(5)));
        }
    }

    @Test
    void emptyFilesAfterJumpStillResolveSequentialIds() throws Exception {
        StorageSettings s = StoreFixture.settings(root).mode(IndexMode.SEQUENTIAL).build();
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            seqSet(ns, null, b("zero"), 1);
            ns.jump();
            ns.jump(); // two empty files in a row
        }
        try (Namespaces all = Namespaces.open(s)) {
            Namespace ns = all.getDefault();
            assertEquals(2, ns.index().indexId());
            byte[] id = seqSet(ns, null, b("one"), 2);
            assertArrayEquals(b("one"), get(ns, id));
            assertEquals(ScanStatus.SUCCESS, ns.index().last().status());
        }
        try (Namespaces all = Namespaces.open(s)) {
            assertArrayEquals(b("one"), get(all.getDefault(), Le.seqKey(1)));
            assertArrayEquals(b("zero"), get(all.getDefault(), Le.seqKey(0)));
        }
    }
}
