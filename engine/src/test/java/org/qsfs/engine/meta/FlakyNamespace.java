package org.qsfs.engine.meta;

import java.time.Duration;
import java.util.List;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ScanPage;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.engine.zdb.ZdbNamespace;
import org.qsfs.engine.zdb.ZdbUnavailableException;

/**
 * A real client whose writes can be made to fail while its reads keep working: the one
 * fault a stopped server cannot stage (a write that reaches only some backends).
 */
final class FlakyNamespace implements ZdbNamespace {
    private final ZdbNamespace real;
    volatile boolean failWrites;

    FlakyNamespace(ZdbNamespace real) {
        this.real = real;
    }

    private void check() throws ZdbException {
        if (failWrites) {
            throw new ZdbUnavailableException(real.address(), "injected write failure", null);
        }
    }

    @Override
    public BackendAddress address() {
        return real.address();
    }

    @Override
    public boolean set(byte[] key, byte[] value) throws ZdbException {
        check();
        return real.set(key, value);
    }

    @Override
    public byte[] append(byte[] value) throws ZdbException {
        check();
        return real.append(value);
    }

    @Override
    public byte[] get(byte[] key) throws ZdbException {
        return real.get(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) throws ZdbException {
        return real.getAll(keys);
    }

    @Override
    public boolean delete(byte[] key) throws ZdbException {
        check();
        return real.delete(key);
    }

    @Override
    public boolean exists(byte[] key) throws ZdbException {
        return real.exists(key);
    }

    @Override
    public Boolean check(byte[] key) throws ZdbException {
        return real.check(key);
    }

    @Override
    public NamespaceInfo info() throws ZdbException {
        return real.info();
    }

    @Override
    public Duration ping() throws ZdbException {
        return real.ping();
    }

    @Override
    public ScanPage scan(byte[] cursor) throws ZdbException {
        return real.scan(cursor);
    }

    @Override
    public void close() {
        real.close();
    }
}
