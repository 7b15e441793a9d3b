package org.qsfs.engine.config;

import java.util.List;
import org.qsfs.engine.crypto.MasterKey;

/**
 * A zstor (0-stor v2) configuration turned into a QSFS one.
 *
 * @param config the equivalent QSFS configuration, validated
 * @param masterKey zstor's {@code [encryption] key}, usable as the volume's master key (it is
 *        then shared with zstor: whoever has the zstor file can derive every QSFS key); close it
 *        when done
 * @param notes what was mapped approximately or ignored, one line each, for the user to read
 */
public record ZstorImport(QsfsConfig config, MasterKey masterKey, List<String> notes) implements AutoCloseable {
    public ZstorImport {
        notes = List.copyOf(notes);
    }

    @Override
    public void close() {
        if (masterKey != null) {
            masterKey.destroy();
        }
    }
}
