package org.qsfs.app.ui;

import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.StatusDto;
import org.qsfs.app.control.VersionsDto;

/**
 * How the windows reach the daemon: the control API (through {@link org.qsfs.app.control.ControlClient})
 * in the app, something else in tests. Called off the FX thread.
 */
public interface DaemonLink {
    StatusDto status() throws ControlException;

    ActionResult pause() throws ControlException;

    ActionResult resume() throws ControlException;

    /** The contents the drive keeps for {@code drivePath} (inside the drive, from "/"), oldest first, the current one last. */
    VersionsDto versions(String drivePath) throws ControlException;

    /** Makes kept version {@code id} the content of {@code drivePath} again. */
    ActionResult restoreVersion(String drivePath, String id) throws ControlException;
}
