/**
 * The {@code qsfs} daemon: {@link org.qsfs.app.daemon.Daemon} (lifecycle: backend watcher,
 * volume and mount, control server), {@link org.qsfs.app.daemon.DaemonCore} (what the API
 * does), {@link org.qsfs.app.daemon.ControlServer} (loopback HTTP with a token),
 * {@link org.qsfs.app.daemon.Metrics} (Prometheus text). The desktop app never runs this
 * with a mount in its own JVM: it starts {@code qsfs mount} as a separate process.
 */
package org.qsfs.app.daemon;
