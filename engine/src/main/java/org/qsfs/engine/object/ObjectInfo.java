package org.qsfs.engine.object;

import java.time.Instant;
import java.util.HexFormat;

/**
 * What {@code stat} and {@code store} tell about an object.
 *
 * @param safe every block and the manifest itself survive the configured losses
 * @param version the manifest's metadata version (1 for the first store of this path)
 */
public record ObjectInfo(String path, long size, String sha256Hex, Instant modified, int blocks, boolean safe,
                         long version) {
    static ObjectInfo of(Manifest m, boolean manifestSafe, long version) {
        return new ObjectInfo(m.path(), m.size(), HexFormat.of().formatHex(m.sha256()), m.modified(),
                m.blocks().size(), m.safe() && manifestSafe, version);
    }
}
