/**
 * Layer 2, the block store: a block becomes {@code k+m} encrypted, checksummed shards on
 * distinct backends, and comes back from any {@code k} verified ones.
 *
 * <ul>
 * <li>{@link org.qsfs.engine.store.BlockStore} — put/get/delete of blocks.
 * <li>{@link org.qsfs.engine.store.ShardWriter} — parallel shard writes; a failed or slow
 *     backend's shard is re-placed on an unused one (same group first). With fewer than
 *     {@code k+m} usable backends (but at least {@code k}) the missing shards are doubled up
 *     on backends that already hold one: the block is readable, survives one more loss, and is
 *     reported not safe ({@code NOT_PLACED}/{@code MISPLACED} to the repair listener). With
 *     fewer than {@code k} the put fails and what was written is deleted.
 * <li>{@link org.qsfs.engine.store.ShardBatchWriter} — the shards of several (small) blocks,
 *     each backend's share as one pipelined batch ({@code BlockStore.putAll}); per block the
 *     same re-placement, timeouts, undo of late copies, doubling up and safety as
 *     {@code ShardWriter}. A batch that fails midway keeps the shards the backend acknowledged
 *     and re-places the rest. Placement itself is {@code ShardPlacement}, shared by both.
 * <li>{@link org.qsfs.engine.store.ShardReader} — fastest backends first (smoothed latency,
 *     unreachable last); a missing, corrupt (header, CRC, recorded checksum, index, shape),
 *     failed or slow shard is reported and the next backend asked; never returned.
 * <li>{@link org.qsfs.engine.store.BackendRegistry} — backend id → namespace, group, health,
 *     free space, latency. The store marks backends UNREACHABLE/FULL/DEGRADED from what it sees
 *     and HEALTHY again when one answers; a monitor uses {@code setHealth}, {@code setFreeBytes},
 *     {@code recordLatency}. Placement is rebuilt only when a state that matters changes.
 * <li>{@link org.qsfs.engine.store.BlockRef} — everything needed to find a block again;
 *     format in docs/FORMATS.md ("Block reference").
 * </ul>
 * Known limits: a write abandoned after the shard timeout may still land later and leave an
 * orphan shard nothing refers to (a scrub can remove it); a GCM failure with {@code k} shards
 * whose checksums match is reported as a wrong key rather than retried with other shards.
 */
package org.qsfs.engine.store;
