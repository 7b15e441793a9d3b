package org.qsfs.engine.codec;

/** Where {@link BlockCodec#encode} gets the arrays it writes a block's stored shards into. */
@FunctionalInterface
public interface ShardArrays {
    /** Fresh arrays every time (the JVM zeroes them; the encoder overwrites them). */
    ShardArrays FRESH = (count, length) -> new byte[count][length];

    /**
     * {@code count} arrays of at least {@code length} bytes each, that nothing else uses: the
     * encoder overwrites their first {@code length} bytes (header and body) and no more.
     */
    byte[][] take(int count, int length);
}
