/**
 * The daemon's control API as the desktop app and the CLI see it: the DTOs (plain records,
 * JSON with Jackson), the endpoint file, and {@link org.qsfs.app.control.ControlClient}
 * (OkHttp). The protocol is written down in docs/CONTROL-API.md.
 */
package org.qsfs.app.control;
