package org.qsfs.app.ui;

import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.StatusDto;

/**
 * How the windows reach the daemon: the control API (through {@link org.qsfs.app.control.ControlClient})
 * in the app, something else in tests. Called off the FX thread.
 */
public interface DaemonLink {
    StatusDto status() throws ControlException;

    ActionResult pause() throws ControlException;

    ActionResult resume() throws ControlException;
}
