/**
 * Objects by path on top of the block and metadata stores, and the engine's entry object
 * {@link org.qsfs.engine.object.StorageEngine}. Until the volume layer exists, each object's
 * manifest (path, size, SHA-256, mtime, block references, safe flag) is the metadata record
 * {@code obj/<path>}; the record {@code qsfs/volume} marks the volume and its key.
 */
package org.qsfs.engine.object;
