package org.qsfs.engine.object;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.meta.MetadataRecord;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.BlockStore;
import org.qsfs.engine.store.BlockStoreOptions;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.RepairListener;
import org.qsfs.engine.store.RepairQueue;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's entry object: wires keys, backends, policy and the stores from plain
 * parameters, and hands out the {@link ObjectStore}.
 *
 * <pre>{@code
 * try (StorageEngine engine = StorageEngine.open(masterKey, dataBackends, metadataBackends,
 *         EngineSettings.defaults(4, 2).withBlockSize(4 << 20))) {
 *     ObjectStore objects = engine.objects();
 *     objects.store("docs/a.txt", in);
 * }
 *
 * // constructor form, for callers that open the namespaces themselves (tests, the daemon):
 * new StorageEngine(MasterKey key, List<StoreBackend> data, List<StoreBackend> metadata,
 *                   EngineSettings settings, RepairListener repair)
 * }</pre>
 *
 * <ul>
 * <li>{@code dataBackends}/{@code metadataBackends}: {@link BackendSpec}(id, group, address, mode);
 *     metadata namespaces must be user mode. The same server may hold both, in different namespaces.
 * <li>Opening connects lazily, probes each backend once (when {@code probeOnOpen}), validates
 *     the policy against the configured backends, and checks the key against the volume marker:
 *     metadata backends that hold records but none readable with this key give
 *     {@link WrongKeyException}; an empty metadata pool becomes a new volume.
 * <li>Close the engine to stop its threads and connections; the master key stays the caller's.
 * </ul>
 */
public final class StorageEngine implements AutoCloseable {
    static final String MARKER_RECORD = "qsfs/volume";
    private static final byte[] MARKER_MAGIC = "QSVM".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(StorageEngine.class);

    private final BackendRegistry data;
    private final BackendRegistry meta;
    private final ExecutorService io;
    private final BlockStore blocks;
    private final MetadataStore metadata;
    private final ObjectStore objects;
    private final RepairQueue repairQueue;

    /**
     * Opens ZdbClients for the given backends (one connector with the settings' timeouts)
     * and builds the engine; see the class comment.
     *
     * @throws PlacementException the configured backends can never keep the policy; says why
     * @throws WrongKeyException the metadata backends belong to a volume of another key
     */
    public static StorageEngine open(MasterKey key, List<BackendSpec> dataBackends, List<BackendSpec> metadataBackends,
            EngineSettings settings) throws PlacementException, java.io.IOException {
        ZdbConnector connector = ZdbConnector.builder().connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.requestTimeout()).buildConnector();
        List<StoreBackend> d = new ArrayList<>();
        List<StoreBackend> m = new ArrayList<>();
        try {
            for (BackendSpec s : dataBackends) {
                d.add(new StoreBackend(s.id(), s.group(), connector.open(s.address()), s.mode()));
            }
            for (BackendSpec s : metadataBackends) {
                if (s.mode() != NamespaceMode.USER) {
                    throw new IllegalArgumentException("metadata backend " + s.id() + " must be a user-mode namespace:"
                            + " records are stored under keys derived from their names");
                }
                m.add(new StoreBackend(s.id(), s.group(), connector.open(s.address()), s.mode()));
            }
            return new StorageEngine(key, d, m, settings, null);
        } catch (PlacementException | java.io.IOException | RuntimeException e) {
            d.forEach(b -> b.namespace().close());
            m.forEach(b -> b.namespace().close());
            throw e;
        }
    }

    /**
     * @param repair told of every shard found missing or corrupt; null to collect them in
     *     {@link #repairQueue()}
     */
    public StorageEngine(MasterKey key, List<StoreBackend> dataBackends, List<StoreBackend> metadataBackends,
            EngineSettings settings, RepairListener repair) throws PlacementException, java.io.IOException {
        validate(settings, dataBackends, metadataBackends);
        this.data = new BackendRegistry(dataBackends);
        this.meta = new BackendRegistry(metadataBackends);
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newFixedThreadPool(settings.ioThreads(), r -> {
            Thread t = new Thread(r, "qsfs-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.repairQueue = new RepairQueue(100_000);
        RepairListener listener = repair == null ? repairQueue : repair;
        BlockStoreOptions options = new BlockStoreOptions(settings.shardTimeout(), settings.ioThreads(),
                BlockStoreOptions.DEFAULTS.retryUnreachableAfter());
        boolean ok = false;
        try {
            if (settings.probeOnOpen()) {
                data.probeAll();
                meta.probeAll();
            }
            this.blocks = new BlockStore(data, settings.dataPolicy(), KeyDerivation.derive(key, KeyPurpose.DATA),
                    KeyDerivation.derive(key, KeyPurpose.SHARD_ID), io, options, listener);
            this.metadata = new MetadataStore(meta, settings.metadataPolicy(),
                    KeyDerivation.derive(key, KeyPurpose.METADATA), KeyDerivation.derive(key, KeyPurpose.NAMES), io,
                    options);
            checkKey(key);
            this.objects = new ObjectStore(blocks, metadata, new ObjectStoreOptions(settings.blockSize(),
                    settings.blocksInFlight()));
            ok = true;
        } finally {
            if (!ok) {
                io.shutdownNow();
                data.close();
                meta.close();
            }
        }
    }

    private static void validate(EngineSettings s, List<StoreBackend> d, List<StoreBackend> m)
            throws PlacementException {
        s.dataPolicy().validate(view(d));
        try {
            s.metadataPolicy().validate(view(m));
        } catch (PlacementException e) {
            throw new PlacementException("metadata backends: " + e.getMessage());
        }
    }

    private static List<Backend> view(List<StoreBackend> list) {
        List<Backend> out = new ArrayList<>();
        for (StoreBackend b : list) {
            out.add(new Backend(b.id(), b.group(), 1, Health.HEALTHY));
        }
        return out;
    }

    /** Reads the volume marker; writes it on an empty metadata pool; refuses a foreign key. */
    private void checkKey(MasterKey key) throws java.io.IOException {
        byte[] fingerprint = HexFormat.of().parseHex(KeyDerivation.fingerprint(key));
        MetadataRecord marker = metadata.get(MARKER_RECORD);
        if (marker != null) {
            byte[] v = marker.value();
            if (v.length < 13 || !Arrays.equals(v, 0, 4, MARKER_MAGIC, 0, 4)
                    || !Arrays.equals(v, 5, 13, fingerprint, 0, 8)) {
                throw new WrongKeyException("the volume marker does not match this key; load the volume's own key");
            }
            return;
        }
        if (!metadata.backendsEmpty()) {
            throw new WrongKeyException("the metadata backends hold records, but none opens with this key (fingerprint "
                    + KeyDerivation.fingerprint(key) + "): load the key file of the volume stored there, or use"
                    + " other (empty) namespaces for a new volume");
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 8 + 8);
        b.put(MARKER_MAGIC).put((byte) 1).put(fingerprint).putLong(Instant.now().toEpochMilli());
        metadata.put(MARKER_RECORD, b.array());
        log.info("new volume created on {} metadata backends (key {})", meta.size(), KeyDerivation.fingerprint(key));
    }

    public ObjectStore objects() {
        return objects;
    }

    public BlockStore blocks() {
        return blocks;
    }

    public MetadataStore metadata() {
        return metadata;
    }

    /** The data backends with their health, latency and free space; a monitor updates them here. */
    public BackendRegistry dataBackends() {
        return data;
    }

    public BackendRegistry metadataBackends() {
        return meta;
    }

    /** Shard problems seen so far, when no other {@link RepairListener} was given. */
    public RepairQueue repairQueue() {
        return repairQueue;
    }

    @Override
    public void close() {
        objects.close();
        blocks.close();
        metadata.close();
        io.shutdownNow();
        data.close();
        meta.close();
    }
}
