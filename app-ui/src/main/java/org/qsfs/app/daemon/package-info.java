/**
 * The {@code qsfs} daemon: {@link org.qsfs.app.daemon.Daemon} (lifecycle: engine and its
 * repair service, volume and mount, control server), {@code BackendHealth} (the backends as the
 * engine's health monitor sees them), {@code RepairActivity} (scrub and repair progress and
 * counters; the scrub {@code POST /v1/scrub} starts), {@link org.qsfs.app.daemon.DaemonCore}
 * (what the API does), {@link org.qsfs.app.daemon.ControlServer} (loopback HTTP with a token),
 * {@link org.qsfs.app.daemon.Metrics} (Prometheus text). The desktop app never runs this
 * with a mount in its own JVM: it starts {@code qsfs mount} as a separate process.
 */
package org.qsfs.app.daemon;
