package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The zdb-namespace file: ns_header_t (15 bytes) + name + password. */
final class NamespaceDescriptor {
    static final int FLAG_PUBLIC = 1;
    static final int FLAG_WORM = 2;
    static final int FLAG_EXTENDED = 4;

    String password;      // null when none
    boolean isPublic = true;
    boolean worm;
    long maxSize;

    static byte[] encode(String name, String password, long maxSize, boolean isPublic, boolean worm) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] p = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = Le.allocate(StorageFormat.NS_HEADER_SIZE + n.length + p.length);
        b.putInt(StorageFormat.NAMESPACE_VERSION);
        b.put((byte) n.length);
        b.put((byte) p.length);
        b.putLong(maxSize);
        int flags = FLAG_EXTENDED | (isPublic ? FLAG_PUBLIC : 0) | (worm ? FLAG_WORM : 0);
        b.put((byte) flags);
        b.put(n).put(p);
        return b.array();
    }

    /**
     * Reads the descriptor; returns null when the file is missing or shorter than the header
     * (upstream then writes a fresh one). Throws on an unsupported version.
     */
    static NamespaceDescriptor read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        byte[] raw = Files.readAllBytes(file);
        if (raw.length < StorageFormat.NS_HEADER_SIZE) return null;
        ByteBuffer b = Le.wrap(raw);
        int version = b.getInt(0);
        if (version != StorageFormat.NAMESPACE_VERSION) {
            throw new IOException(file + ": unsupported namespace descriptor version " + version);
        }
        int namelen = Le.u8(b, 4);
        int passlen = Le.u8(b, 5);
        NamespaceDescriptor d = new NamespaceDescriptor();
        d.maxSize = b.getLong(6);
        int flags = Le.u8(b, 14);
        d.isPublic = (flags & FLAG_PUBLIC) != 0;
        d.worm = (flags & FLAG_WORM) != 0;
        if (passlen > 0) {
            int at = StorageFormat.NS_HEADER_SIZE + namelen;
            int n = Math.max(0, Math.min(passlen, raw.length - at));
            d.password = new String(raw, at, n, StandardCharsets.UTF_8);
        }
        return d;
    }

    /** Writes through a temporary file and a rename, so a crash leaves the old or the new one. */
    static void write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileIO.writeAt(c, 0, ByteBuffer.wrap(content));
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
