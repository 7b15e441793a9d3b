package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Does what the command layer does for SET/DEL, on real files. */
final class StoreFixture {
    private StoreFixture() {
    }

    static StorageSettings.Builder settings(Path root) {
        return StorageSettings.builder(root.resolve("data"), root.resolve("index"));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** SET in user mode (command_set + redis_set_handler_userkey). */
    static IndexEntry set(Namespace ns, byte[] key, byte[] value, long ts) throws StorageException {
        IndexEntry existing = ns.index().get(key);
        ns.rotateIfNeeded(value.length);
        long crc = Crc32.compute(value, 0, value.length);
        long off = ns.data().insert(value, key, 0, crc, ts);
        return ns.index().set(key, off, value.length, crc, ts, existing);
    }

    /** SET in sequential mode: a null key appends, a key updates. Returns the id. */
    static byte[] seqSet(Namespace ns, byte[] key, byte[] value, long ts) throws StorageException {
        IndexEntry existing = key == null ? null : ns.index().get(key);
        if (key != null && existing == null) throw new StorageException("Invalid key, only update authorized");
        ns.rotateIfNeeded(value.length);
        byte[] id = existing != null ? existing.id : Le.seqKey(ns.index().nextId());
        long crc = Crc32.compute(value, 0, value.length);
        long off = ns.data().insert(value, id, 0, crc, ts);
        ns.index().set(id, off, value.length, crc, ts, existing);
        return id;
    }

    static byte[] get(Namespace ns, byte[] key) {
        IndexEntry e = ns.index().get(key);
        if (e == null) return null;
        return ns.data().get(e.offset, e.length, e.dataId, e.idLength());
    }

    static void del(Namespace ns, byte[] key, long ts) throws StorageException {
        IndexEntry e = ns.index().get(key);
        if (e == null) throw new StorageException("Key not found");
        ns.data().delete(e.id, ts);
        ns.index().deleteEntry(e, ts);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
