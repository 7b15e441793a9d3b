package org.qsfs.engine.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.NotEnoughBackendsException;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.store.ZdbCluster;
import org.qsfs.engine.store.ZdbClusterFiles;

/** Objects end to end through {@link StorageEngine} over six real zdb-servers, k=4, m=2. */
class ObjectStoreTest {
    static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;
    ZdbCluster cluster;
    final MasterKey key = MasterKey.generate();
    final List<AutoCloseable> toClose = new ArrayList<>();
    final Random random = new Random(7);

    @BeforeEach
    void start() {
        cluster = new ZdbCluster(dir.resolve("zdb"), 6, NamespaceMode.USER);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        cluster.close();
    }

    static EngineSettings settings() {
        return EngineSettings.defaults(4, 2).withBlockSize(BLOCK).withBlocksInFlight(3)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    static List<BackendSpec> dataSpecs(ZdbCluster c) {
        List<BackendSpec> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(BackendSpec.user(ZdbCluster.id(i), "site" + (i % 3), c.address(ZdbCluster.DATA_NS, i)));
        }
        return out;
    }

    static List<BackendSpec> metaSpecs(ZdbCluster c) {
        List<BackendSpec> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(BackendSpec.user("m" + i, "site" + (i % 3), c.address(ZdbCluster.META_NS, i)));
        }
        return out;
    }

    StorageEngine open(MasterKey k) throws Exception {
        StorageEngine e = StorageEngine.open(k, dataSpecs(cluster), metaSpecs(cluster), settings());
        toClose.add(e);
        return e;
    }

    /** An engine whose repair listener records every problem. */
    StorageEngine openRecording(List<ShardProblem> problems) throws Exception {
        StorageEngine e = new StorageEngine(key, cluster.dataBackends(), cluster.metadataBackends(), settings(),
                problems::add);
        toClose.add(e);
        return e;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    byte[] textBytes(int n) {
        String[] words = {"quantum ", "safe ", "filesystem ", "shard ", "backend ", "zero ", "db ", "block\n"};
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000));
        }
        return sb.substring(0, n).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] retrieve(ObjectStore s, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.retrieve(path, out);
        return out.toByteArray();
    }

    @Test
    void roundTripsOfEveryEdgeSize() throws Exception {
        ObjectStore s = open(key).objects();
        int[] sizes = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17};
        List<String> paths = new ArrayList<>();
        for (int size : sizes) {
            for (boolean text : new boolean[] {false, true}) {
                byte[] data = text ? textBytes(size) : randomBytes(size);
                String path = (text ? "text/" : "random/") + size + ".bin";
                List<long[]> progress = new CopyOnWriteArrayList<>();
                ObjectInfo info = s.store(path, new ByteArrayInputStream(data), size, Instant.ofEpochSecond(1234),
                        (d, t) -> progress.add(new long[] {d, t}));
                assertEquals(size, info.size());
                assertEquals(sha(data), info.sha256Hex());
                assertTrue(info.safe(), path);
                assertEquals((size + BLOCK - 1) / BLOCK, info.blocks());
                if (size > 0) {
                    assertEquals(size, progress.get(progress.size() - 1)[0]);
                }
                byte[] back = retrieve(s, path);
                assertEquals(sha(data), sha(back), path);
                assertEquals(Instant.ofEpochSecond(1234), s.stat(path).modified());
                paths.add(path);
            }
        }
        paths.sort(null);
        assertEquals(paths, s.list());
    }

    @Test
    void overwriteAndDeleteKeepOlderVersionsReadable() throws Exception {
        ObjectStore s = open(key).objects();
        byte[] first = randomBytes(BLOCK * 2);
        s.store("a", new ByteArrayInputStream(first));
        byte[] second = textBytes(1000);
        ObjectInfo info = s.store("a", new ByteArrayInputStream(second));
        assertEquals(2, info.version());
        assertArrayEquals(second, retrieve(s, "a"));
        s.delete("a");
        assertThrows(ObjectNotFoundException.class, () -> s.stat("a"));
        assertThrows(ObjectNotFoundException.class, () -> retrieve(s, "a"));
        assertThrows(ObjectNotFoundException.class, () -> s.delete("a"));
        assertEquals(List.of(), s.list());
        // invariant 3: an overwrite or delete keeps the previous contents, readable
        List<ObjectInfo> history = s.history("a");
        assertEquals(2, history.size());
        assertEquals(first.length, history.get(0).size());
        assertEquals(second.length, history.get(1).size());
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        s.retrieveVersion("a", history.get(0).version(), old);
        assertArrayEquals(first, old.toByteArray());
        assertThrows(ObjectNotFoundException.class, () -> s.retrieveVersion("a", 99, new ByteArrayOutputStream()));
    }

    @Test
    void anyTwoBackendsStoppedBeforeAStore() throws Exception {
        open(key).close(); // the volume is created while every backend is up
        byte[] data = randomBytes(2 * BLOCK + 100);
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                cluster.stop(a);
                cluster.stop(b);
                String path = "before/" + a + b;
                try (StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(cluster), settings())) {
                    ObjectInfo info = e.objects().store(path, new ByteArrayInputStream(data));
                    assertFalse(info.safe(), "two backends are down: nothing can be safe");
                    assertEquals(sha(data), sha(retrieve(e.objects(), path)));
                }
                cluster.startAll();
                try (StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(cluster), settings())) {
                    assertEquals(sha(data), sha(retrieve(e.objects(), path)));
                }
            }
        }
    }

    @Test
    void anyTwoBackendsStoppedDuringAStore() throws Exception {
        byte[] data = textBytes(8 * BLOCK + 5);
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                String path = "during/" + a + b;
                int x = a;
                int y = b;
                try (StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(cluster), settings())) {
                    // After three blocks have been read, another thread stops two servers.
                    InputStream in = new TriggerStream(data, 3 * BLOCK, () -> {
                        Thread t = new Thread(() -> {
                            cluster.stop(x);
                            cluster.stop(y);
                        });
                        t.start();
                        try {
                            t.join();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    ObjectInfo info = e.objects().store(path, in);
                    assertEquals(sha(data), info.sha256Hex());
                    assertFalse(info.safe());
                    assertEquals(sha(data), sha(retrieve(e.objects(), path)), "down " + a + "," + b);
                }
                cluster.startAll();
                try (StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(cluster), settings())) {
                    assertEquals(sha(data), sha(retrieve(e.objects(), path)));
                }
            }
        }
    }

    /** Yields {@code data}; runs {@code trigger} once when {@code at} bytes have been read. */
    static final class TriggerStream extends InputStream {
        private final byte[] data;
        private final int at;
        private final Runnable trigger;
        private int pos;
        private boolean fired;

        TriggerStream(byte[] data, int at, Runnable trigger) {
            this.data = data;
            this.at = at;
            this.trigger = trigger;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= at && !fired) {
                fired = true;
                trigger.run();
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - pos);
            if (!fired) {
                n = Math.min(n, at - pos);
            }
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void flippedBytesInADataFileAreSkippedAndReported() throws Exception {
        List<ShardProblem> problems = new CopyOnWriteArrayList<>();
        StorageEngine e = openRecording(problems);
        byte[] data = randomBytes(3 * BLOCK);
        e.objects().store("rot.bin", new ByteArrayInputStream(data));
        BlockRef ref = e.objects().manifest("rot.bin").blocks().get(1);
        int victim = 2;
        ShardLocation loc = ref.shard(victim);
        int server = Integer.parseInt(loc.backendId().substring(1));
        byte[] stored = cluster.client(ZdbCluster.DATA_NS, server).get(e.blocks().keyOf(ref.blockId(), victim, loc));
        ZdbClusterFiles.flipInside(cluster.dataFile(ZdbCluster.DATA_NS, server), stored);
        for (StoreBackend b : e.dataBackends().all()) { // ask the rotten one first
            e.dataBackends().recordLatency(b.id(), Duration.ofMillis(b.id().equals(loc.backendId()) ? 0 : 40));
        }
        assertEquals(sha(data), sha(retrieve(e.objects(), "rot.bin")));
        assertTrue(problems.stream().anyMatch(p -> p.kind() == ShardProblem.Kind.CORRUPT && p.shardIndex() == victim
                && p.block().blockId().equals(ref.blockId()) && p.backendId().equals(loc.backendId())),
                problems.toString());
    }

    @Test
    void moreThanMBackendsGone() throws Exception {
        // metadata on its own six servers, so the data side can lose three
        try (ZdbCluster meta = new ZdbCluster(dir.resolve("meta"), 6, NamespaceMode.USER)) {
            byte[] data = randomBytes(2 * BLOCK);
            StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(meta), settings());
            toClose.add(e);
            e.objects().store("f", new ByteArrayInputStream(data));
            BlockRef ref = e.objects().manifest("f").blocks().get(0);
            for (int i : new int[] {0, 1, 5}) {
                cluster.stop(Integer.parseInt(ref.shard(i).backendId().substring(1)));
            }
            BlockUnreadableException r = assertThrows(BlockUnreadableException.class, () -> retrieve(e.objects(), "f"));
            assertEquals(List.of(0, 1, 5), r.notEnoughShards().unusableShards(), r.getMessage());
            assertTrue(r.getMessage().contains("f: block 0 of 2") && r.getMessage().contains("shard 5: "),
                    r.getMessage());

            NotEnoughBackendsException w = assertThrows(NotEnoughBackendsException.class,
                    () -> e.objects().store("g", new ByteArrayInputStream(data)));
            assertTrue(w.getMessage().contains("g: block 0") && w.getMessage().contains("nothing was kept"),
                    w.getMessage());
            cluster.startAll();
            // nothing claims to be safe (or to exist) for the failed store; the old object is intact
            assertThrows(ObjectNotFoundException.class, () -> e.objects().stat("g"));
            assertEquals(List.of("f"), e.objects().list());
            assertTrue(e.objects().stat("f").safe());
        }
    }

    @Test
    void theWrongKeyIsRefusedWhenOpening() throws Exception {
        open(key).objects().store("x", new ByteArrayInputStream(textBytes(5000)));
        WrongKeyException e = assertThrows(WrongKeyException.class, () -> open(MasterKey.generate()));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void aFreshEngineWithOnlyTheKeyAndBackendListsSeesEverything() throws Exception {
        List<String> digests = new ArrayList<>();
        try (StorageEngine e = StorageEngine.open(key, dataSpecs(cluster), metaSpecs(cluster), settings())) {
            for (int i = 0; i < 4; i++) {
                byte[] data = i % 2 == 0 ? randomBytes(BLOCK * i + 333) : textBytes(BLOCK * i + 333);
                e.objects().store("dir/file-" + i, new ByteArrayInputStream(data));
                digests.add(sha(data));
            }
        }
        MasterKey typedBack = RecoveryPhrase.parse(RecoveryPhrase.of(key));
        StorageEngine fresh = open(typedBack);
        assertEquals(List.of("dir/file-0", "dir/file-1", "dir/file-2", "dir/file-3"), fresh.objects().list());
        for (int i = 0; i < 4; i++) {
            assertEquals(digests.get(i), sha(retrieve(fresh.objects(), "dir/file-" + i)));
        }
    }

    @Test
    void noPlaintextReachesABackend() throws Exception {
        String[] names = {"top-secret-merger-plan.docx", "diary/2026/entry-of-the-day.txt"};
        byte[][] contents = {textBytes(3 * BLOCK + 11), randomBytes(2 * BLOCK + 5)};
        try (StorageEngine e = open(key)) {
            for (int i = 0; i < names.length; i++) {
                e.objects().store(names[i], new ByteArrayInputStream(contents[i]));
            }
        }
        cluster.close();
        List<Path> files = cluster.allFiles();
        assertTrue(files.size() >= 24, "expected data and index files of every namespace: " + files);
        ZdbClusterFiles.assertNoLeak(files, names, contents, 64);
    }

    @Test
    void memoryStaysBoundedForAStreamMuchLargerThanTheWindow() throws Exception {
        long size = 256L * 1024 * 1024;
        EngineSettings s = settings().withBlockSize(1024 * 1024).withBlocksInFlight(3);
        StorageEngine e = new StorageEngine(key, cluster.dataBackends(), cluster.metadataBackends(), s, null);
        toClose.add(e);
        GeneratedStream in = new GeneratedStream(size);
        AtomicLong last = new AtomicLong();
        ObjectInfo info = e.objects().store("big", in, size, Instant.now(), (d, t) -> last.set(d));
        assertEquals(size, info.size());
        assertEquals(size, last.get());
        assertEquals(HexFormat.of().formatHex(in.digest()), info.sha256Hex());
        assertTrue(e.objects().stats().maxBlocksInFlight() <= 3, "in flight: "
                + e.objects().stats().maxBlocksInFlight());
        e.objects().stats().reset();
        DigestingSink out = new DigestingSink();
        e.objects().retrieve("big", out, ProgressListener.NONE);
        assertEquals(size, out.count);
        assertEquals(info.sha256Hex(), HexFormat.of().formatHex(out.digest.digest()));
        assertTrue(e.objects().stats().maxBlocksInFlight() <= 3);
        assertEquals(0, e.objects().stats().blocksInFlight());
    }

    /** Pseudo-random bytes of a given length, generated on the fly, digested as they go. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long pos;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedStream(long size) throws Exception {
            this.size = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                if ((pos + i) % 8 == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> (8 * ((pos + i) % 8)));
            }
            digest.update(b, off, n);
            pos += n;
            return n;
        }

        byte[] digest() {
            return digest.digest();
        }
    }

    static final class DigestingSink extends java.io.OutputStream {
        final MessageDigest digest;
        long count;

        DigestingSink() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            count += len;
        }
    }
}
