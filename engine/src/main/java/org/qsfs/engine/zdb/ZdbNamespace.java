package org.qsfs.engine.zdb;

import java.time.Duration;
import java.util.List;

/**
 * One namespace on one 0-db backend (upstream C 0-db or our zdb-server), as the layers above
 * see it. Implementations are thread-safe: many threads may call at once (a pool of
 * connections underneath). Every call is bounded by the configured timeout.
 */
public interface ZdbNamespace extends AutoCloseable {
    /** Where this namespace lives, for messages and placement. */
    BackendAddress address();

    /**
     * SET in a user-mode namespace.
     *
     * @return true when written, false when the stored value was already identical (0-db
     *         writes nothing then)
     * @throws ZdbFullException when the namespace has no space left
     */
    boolean set(byte[] key, byte[] value) throws ZdbException;

    /** SET with an empty key in a sequential-mode namespace; returns the id the backend chose. */
    byte[] append(byte[] value) throws ZdbException;

    /**
     * Several SETs on one connection, pipelined: {@code keys.get(i)} (empty: append in a
     * sequential namespace) to {@code values.get(i)}. Each reply is put in {@code replies[i]} as
     * it arrives, so when the backend fails midway the caller knows which SETs it acknowledged
     * (the others stay null: maybe stored, maybe not). An error reply to one SET (full, refused)
     * is that SET's {@link SetReply#error()}, not an exception.
     *
     * <p>This default sends them one by one; {@link ZdbClient} pipelines them.
     *
     * @throws ZdbException the backend could not be reached, failed or did not answer in time
     *     before every reply came
     */
    default void setAll(List<byte[]> keys, List<byte[]> values, SetReply[] replies) throws ZdbException {
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            try {
                if (key.length == 0) {
                    replies[i] = SetReply.stored(append(values.get(i)));
                } else {
                    set(key, values.get(i));
                    replies[i] = SetReply.stored(key);
                }
            } catch (ZdbUnavailableException e) {
                throw e;
            } catch (ZdbException e) {
                replies[i] = SetReply.refused(e);
            }
        }
    }

    /** GET; null when the key does not exist. */
    byte[] get(byte[] key) throws ZdbException;

    /**
     * GET into {@code into} when the value is exactly {@code into.length} bytes long (then
     * {@code into} is returned, overwritten), else into a new array: saves allocating and
     * zeroing one array per value for callers that know the length and reuse their arrays.
     */
    default byte[] get(byte[] key, byte[] into) throws ZdbException {
        return get(key);
    }

    /** Several GETs in one pipelined round trip; null entries for missing keys. */
    List<byte[]> getAll(List<byte[]> keys) throws ZdbException;

    /** DEL; false when the key did not exist. */
    boolean delete(byte[] key) throws ZdbException;

    boolean exists(byte[] key) throws ZdbException;

    /**
     * CHECK: whether the backend's own checksum of the stored payload still verifies.
     *
     * @return null when the key does not exist
     */
    Boolean check(byte[] key) throws ZdbException;

    /** NSINFO of this namespace, parsed. */
    NamespaceInfo info() throws ZdbException;

    /** Round trip time of a PING. */
    Duration ping() throws ZdbException;

    /**
     * One page of SCAN: keys in storage order after {@code cursor} (null for the start).
     *
     * @return the page; {@link ScanPage#nextCursor()} is null at the end
     */
    ScanPage scan(byte[] cursor) throws ZdbException;

    @Override
    void close();
}
