/**
 * Layer 3, the metadata store: small versioned records, encrypted (METADATA subkey), erasure
 * coded over the metadata backends, stored under HMAC(NAMES subkey, name) keys.
 *
 * <p>Two slots per name: version {@code v} goes to slot {@code v mod 2}, so a write that
 * fails half-way never damages the newest complete version. Reads fetch both slots from
 * every backend, group shards by write id, decode each group and keep the highest version.
 * {@code list} SCANs every namespace and decodes each key, so a new machine needs only the
 * key and the backend list.
 *
 * <p>Known limits: a record written degraded (only {@code k..k+m-1} backends up) is on
 * exactly those backends until it is written again; a read while a different set is down
 * may see the previous version. Listing costs one read per stored key.
 */
package org.qsfs.engine.meta;
