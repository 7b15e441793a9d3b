/**
 * The zdb client: one {@link org.qsfs.engine.zdb.ZdbNamespace} per namespace of a 0-db backend
 * (upstream C 0-db or our zdb-server), spoken to in RESP2 over TCP.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * ZdbConnector connector = ZdbConnector.builder()
 *         .connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(10))
 *         .maxConnections(8).buildConnector();
 * try (ZdbClient ns = connector.open(new BackendAddress(host, port, "qsfs-data", password))) {
 *     ns.set(key, shard);
 *     List<byte[]> shards = ns.getAll(keys);   // one pipelined round trip per 32 keys
 * }
 * }</pre>
 * {@link org.qsfs.engine.zdb.ZdbAdmin} creates and configures namespaces (NSNEW, NSSET) for
 * setup, tests and the demo mode.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Connections.</b> A bounded pool per client ({@code maxConnections}, default 8), most
 *     recently used first. A caller waits for a free connection at most the request timeout.
 *     A connection that saw a transport error, a timeout or a malformed reply is closed, never
 *     reused: its stream may be out of sync. Idle connections are dropped after
 *     {@code idleTimeout} (1 min) and, when idle for more than 1 s, checked for EOF before reuse.
 *     An idempotent request that fails on a reused connection before a single byte came back
 *     (the backend restarted meanwhile) is tried once more on a new connection; {@code append}
 *     never is, as it could store twice.</li>
 * <li><b>Namespace and password.</b> Each new connection sends {@code SELECT ns}; with a
 *     password {@code AUTH SECURE CHALLENGE} then {@code SELECT ns SECURE sha1hex(nonce ":" pw)},
 *     so the password never crosses the network ({@code secureAuth(false)} sends it in clear for
 *     0-db older than 2.0).</li>
 * <li><b>Deadlines.</b> Connect: {@code connectTimeout} (3 s). Then the namespace selection and
 *     each request must be answered within {@code requestTimeout} (10 s): every read waits only
 *     for what is left, and a watchdog thread (one per JVM) closes the socket when the deadline
 *     passes, which also bounds writes to a backend that stopped reading. A long pipeline gets
 *     a fresh deadline per window. Nothing waits without a bound.</li>
 * <li><b>Backoff.</b> After a transport failure the backend is down for 0.5 s, doubling per
 *     further failure up to 30 s, each pause randomised to 50..100 %. Meanwhile calls fail at once
 *     with {@link org.qsfs.engine.zdb.ZdbUnavailableException} ("backend down ..., retrying in
 *     Xs"); after the pause one call probes while the others still fail fast; any answer resets
 *     it. Error replies (auth, full, command errors) are answers: they never mark it down.</li>
 * <li><b>Errors.</b> Error replies map to {@link org.qsfs.engine.zdb.ZdbAuthException}
 *     (Access denied, Namespace protected and private, Permission denied, read-only),
 *     {@link org.qsfs.engine.zdb.ZdbFullException} (No space left) and
 *     {@link org.qsfs.engine.zdb.ZdbCommandException} (the rest; "Namespace not found" says to
 *     create it). Refused, reset, EOF and malformed replies are
 *     {@link org.qsfs.engine.zdb.ZdbUnavailableException}; no answer in time is
 *     {@link org.qsfs.engine.zdb.ZdbTimeoutException}.</li>
 * <li><b>Pipelining.</b> {@code getAll} sends GETs in windows of 32 (so the backend buffers a
 *     bounded amount of replies) and reads each window's replies on the same connection;
 *     {@code checkAll} and {@code existsAll} use windows of 512; {@code setAll} sends SETs in
 *     windows of 32 and hands over each reply as it is read, so a batch that fails midway
 *     still tells which SETs were acknowledged (an error reply is that SET's alone).</li>
 * <li><b>Limits.</b> Keys 1..255 bytes, values up to 8 MiB (0-db's own limits, checked before
 *     sending); replies: bulk at most 64 MiB, arrays at most 16 M elements, nesting 8.</li>
 * </ul>
 */
package org.qsfs.engine.zdb;
