/**
 * Health and repair of the data backends; {@link org.qsfs.engine.repair.RepairService} is the
 * entry point (CLI {@code qsfs status|scrub|rebuild}, the daemon's background loop).
 *
 * <h2>Parts</h2>
 * <ul>
 * <li>{@link org.qsfs.engine.repair.HealthMonitor}: PING + NSINFO of every data and metadata
 *     backend every interval; {@link org.qsfs.engine.repair.HealthPolicy} turns latency (EWMA),
 *     failures in a row and free space into HEALTHY / DEGRADED / UNREACHABLE / FULL in the
 *     {@link org.qsfs.engine.store.BackendRegistry}, which placement and the read order use.</li>
 * <li>{@code ObjectWalker}: the manifests scrub, rebuild and drain walk, one at a time in path
 *     order: each object's current manifest ({@code obj/PATH}) and every kept older version
 *     ({@code objver/PATH@VERSION}, also of deleted paths; DESIGN.md invariant 3), so the shards
 *     of old versions are checked, rebuilt and drained like the current ones.</li>
 * <li>{@link org.qsfs.engine.repair.BlockRefSource}: the other places block references live,
 *     given to {@link org.qsfs.engine.repair.RepairService} (constructor or {@code addSource}):
 *     the mounted volume's block table ({@link org.qsfs.engine.volume.VolumeBlockRefs}, one
 *     owner per uploaded block row, shared by the files and kept versions that map it). Walked
 *     in pages after the manifests by scrub, drain and the rebuild's search for blocks on lost
 *     backends; a read-path report is resolved by a lookup of the block id; a new reference
 *     replaces the old one with a compare-and-set (a concurrent overwrite wins), is made
 *     durable, and only then are the replaced shards deleted.</li>
 * <li>{@code Scrubber}: walks the manifests one at a time; per batch of blocks one pipelined
 *     CHECK round per backend (the backend recomputes the CRC of what it stores); a sample of
 *     shards (all when CHECK is refused) is read back and verified against the block reference
 *     (header, body CRC32C, index, shape). Paced in blocks/s and bytes/s. Problems go to the
 *     {@link org.qsfs.engine.repair.DamagedBlocks} queue with the object's path (and version).</li>
 * <li>{@code BlockRepairer}: per block, fetches the suspect shards, and only when one must be
 *     rebuilt the others too; Reed-Solomon recomputes the missing ones from {@code k} good
 *     ones. No decryption: shards are ciphertext and a rebuilt shard is byte-identical, so the
 *     checksum in the reference still holds (checked before writing). Targets: placement's
 *     choice for the block, then any other backend that takes shards, never one holding a
 *     shard of the block, retired (draining), lost or full; group-rule keepers first. A rotten
 *     shard on a backend that still works is rewritten in place only when nothing else is left.</li>
 * <li>{@code Rebuilder}: drains the queue; per manifest, one new record version with all new
 *     references ({@link org.qsfs.engine.object.ObjectStore#replaceBlockRefs}, or
 *     {@link org.qsfs.engine.object.ObjectStore#replaceVersionBlockRefs} for a kept version,
 *     which keeps its number and content); then the
 *     replaced shards are deleted. Order: write new shard, update metadata, delete old: a crash
 *     in between leaves an orphan shard, never a block with fewer good shards. Failures are
 *     retried with exponential backoff. Shards on a backend unreachable for less than
 *     {@code lostAfter} are waited for, not rebuilt.</li>
 * <li>{@code Drainer}: the same mechanics for every block with a shard on a backend being
 *     removed (copied while it answers, else rebuilt), then a second walk to prove no manifest,
 *     current or kept version, refers to it.</li>
 * </ul>
 *
 * <h2>Limits (for now)</h2>
 * Metadata records are not scrubbed or rebuilt (a manifest is rewritten, and so re-spread, on
 * each repair of its object). Read-path reports carry no object path; a rebuild resolves them
 * with a lookup in each {@code BlockRefSource}, then one walk over all manifests.
 * Shards left on a backend that comes back after its shards were rebuilt elsewhere are orphans
 * until a garbage collection (not written yet) removes them. Manifest updates are serialised
 * within one process only. A block is assumed to belong to one manifest: after a repair the
 * replaced shard is deleted, so a second manifest sharing the block (possible only when a store
 * failed between keeping the old version and writing the new manifest) keeps a reference to
 * the deleted copy until the next scrub finds it missing and rebuilds it.
 * A scrub resumed from a cursor walks the other sources again from their start; each block
 * repaired in a source is made durable (an fsync of the volume database) on its own.
 */
package org.qsfs.engine.repair;
