package org.qsfs.zdb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qsfs.zdb.storage.StoreFixture.b;
import static org.qsfs.zdb.storage.StoreFixture.seqSet;
import static org.qsfs.zdb.storage.StoreFixture.set;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact file bytes, written out by hand from the packed C structs of libzdb (data.h, index.h,
 * namespace.h). The crc values come from upstream's zdb_crc32 built with gcc:
 * crc("xyz") = 0x4547CBFF, crc("q") = 0x83F3D70E (= crc32c_table[0x71]).
 */
class GoldenBytesTest {
    @TempDir
    Path root;

    private static final class Hex {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Hex h(String hex) {
            out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
            return this;
        }

        Hex u32(long v) {
            for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
            return this;
        }

        Hex s(String ascii) {
            out.writeBytes(b(ascii));
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(out.toByteArray());
        }
    }

    private static String file(Path p) throws Exception {
        return HexFormat.of().formatHex(Files.readAllBytes(p));
    }

    @Test
    void userModeFilesAreUpstreamBytes() throws Exception {
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).build())) {
            Namespace ns = all.create("golden");
            set(ns, b("ab"), b("xyz"), 0x01020304L);
            set(ns, b("c"), b(""), 5);
            set(ns, b("ab"), b("q"), 6); // overwrite: old record flagged in place, history to it
        }
        Hex data = new Hex()
                // data_header_t: magic, version 3, created 0, opened 0, fileid 0
                .s("DAT0").u32(3).h("0000000000000000 0000000000000000").u32(0)
                // entry @28: idlength 2, datalength 3, previous 0, crc, flags 0, timestamp
                .h("02").u32(3).u32(0).u32(0x4547CBFFL).h("00").u32(0x01020304L).s("ab").s("xyz")
                // entry @51: "c", empty payload (crc 0), previous 28
                .h("01").u32(0).u32(28).u32(0).h("00").u32(5).s("c")
                // entry @70: "ab" = "q", previous 51
                .h("02").u32(1).u32(51).u32(0x83F3D70EL).h("00").u32(6).s("ab").s("q");
        assertEquals(data.hex(), file(root.resolve("data/golden/d0")));

        Hex index = new Hex()
                // index_header_t: magic, version 4, created 0, opened 0, fileid 0, mode 0 (user)
                .s("IDX0").u32(4).h("0000000000000000 0000000000000000").u32(0).h("00")
                // record @29: idlength, offset 28, length 3, previous 0, flags 1 (superseded), dataid 0,
                // timestamp, crc, parentid 0, parentoff 0, id
                .h("02").u32(28).u32(3).u32(0).h("01").u32(0).u32(0x01020304L).u32(0x4547CBFFL).u32(0).u32(0)
                .s("ab")
                // record @65: "c"
                .h("01").u32(51).u32(0).u32(29).h("00").u32(0).u32(5).u32(0).u32(0).u32(0).s("c")
                // record @100: "ab" again, history -> (0, 29)
                .h("02").u32(70).u32(1).u32(65).h("00").u32(0).u32(6).u32(0x83F3D70EL).u32(0).u32(29).s("ab");
        assertEquals(index.hex(), file(root.resolve("index/golden/i0")));

        // ns_header_t: version 1, namelength 6, passlength 0, maxsize 0, flags public|extended
        Hex ns = new Hex().u32(1).h("06 00").h("0000000000000000").h("05").s("golden");
        assertEquals(ns.hex(), file(root.resolve("index/golden/zdb-namespace")));
    }

    @Test
    void descriptorWithPasswordAndFlags() throws Exception {
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).build())) {
            Namespace ns = all.create("n1");
            ns.setPassword("pw");
            ns.setPublic(false);
            ns.setWorm(true);
            ns.setMaxSize(0x0102030405L);
            ns.commit();
        }
        Hex ns = new Hex().u32(1).h("02 02").h("0504030201000000").h("06").s("n1").s("pw");
        assertEquals(ns.hex(), file(root.resolve("index/n1/zdb-namespace")));
    }

    @Test
    void sequentialModeFilesAreUpstreamBytes() throws Exception {
        try (Namespaces all = Namespaces.open(StoreFixture.settings(root).build())) {
            Namespace ns = all.create("seq");
            ns.switchMode(IndexMode.SEQUENTIAL);
            seqSet(ns, null, b("xyz"), 9);         // id 0
            seqSet(ns, Le.seqKey(0), b("q"), 10);  // update id 0: copy appended (id 1), slot rewritten
        }
        String id0 = "0000000000000000";
        Hex data = new Hex().s("DAT0").u32(3).h("0000000000000000 0000000000000000").u32(0)
                .h("08").u32(3).u32(0).u32(0x4547CBFFL).h("00").u32(9).h(id0).s("xyz")
                .h("08").u32(1).u32(28).u32(0x83F3D70EL).h("00").u32(10).h(id0).s("q");
        assertEquals(data.hex(), file(root.resolve("data/seq/d0")));
        Hex index = new Hex().s("IDX0").u32(4).h("0000000000000000 0000000000000000").u32(0).h("01")
                // slot of id 0 @29, rewritten: new data @57, previous kept (0), history -> copy (0, 71)
                .h("08").u32(57).u32(1).u32(0).h("00").u32(0).u32(10).u32(0x83F3D70EL).u32(0).u32(71).h(id0)
                // copy of the old version @71, flagged deleted, previous 29
                .h("08").u32(28).u32(3).u32(29).h("01").u32(0).u32(9).u32(0x4547CBFFL).u32(0).u32(0).h(id0);
        assertEquals(index.hex(), file(root.resolve("index/seq/i0")));
    }

    @Test
    void userInsertWritesDataIdZeroLikeUpstream() throws Exception {
        StorageSettings st = StoreFixture.settings(root).dataSize(40).build();
        try (Namespaces all = Namespaces.open(st)) {
            Namespace ns = all.getDefault();
            set(ns, b("a"), b("0123456789"), 1);
            set(ns, b("b"), b("0123456789"), 2); // 28 + 29 + 10 > 40: goes to file 1
            set(ns, b("b"), b("xy"), 3);         // still file 1 (57 + 2 > 40 jumps again: file 2)
        }
        byte[] i1 = Files.readAllBytes(root.resolve("index/default/i1"));
        // record @29 of i1: dataid (offset 14 in the record) is 0 although the data is in d1
        assertEquals(0, Le.wrap(i1).getInt(29 + 14));
        byte[] i2 = Files.readAllBytes(root.resolve("index/default/i2"));
        // an overwrite record carries the real data file id
        assertEquals(2, Le.wrap(i2).getInt(29 + 14));
        try (Namespaces all = Namespaces.open(st)) {
            Namespace ns = all.getDefault();
            assertEquals("xy", new String(StoreFixture.get(ns, b("b"))));
            IndexEntry e = ns.index().get(b("b"));
            IndexItem old = ns.index().itemFromDisk(e.parentId, e.parentOff, 1);
            assertEquals(1, old.dataId, "history reads resolve the data file from the record's file");
            assertEquals("0123456789", new String(ns.data().get(old.offset, old.length, old.dataId, 1)));
        }
    }
}
