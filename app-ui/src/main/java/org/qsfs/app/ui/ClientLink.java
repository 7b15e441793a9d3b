package org.qsfs.app.ui;

import java.nio.file.Path;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.StatusDto;
import org.qsfs.app.control.VersionsDto;

/**
 * The daemon named by an endpoint file; reads the file again when the daemon was restarted
 * (new port and token).
 */
public final class ClientLink implements DaemonLink {
    private final Path endpointFile;
    private volatile ControlClient client;

    public ClientLink(Path endpointFile) {
        this.endpointFile = endpointFile;
    }

    private ControlClient client() throws ControlException {
        ControlClient c = client;
        if (c == null) {
            c = ControlClient.forFile(endpointFile);
            client = c;
        }
        return c;
    }

    private <T> T call(Call<T> call) throws ControlException {
        try {
            return call.on(client());
        } catch (ControlException e) {
            client = null; // the next call reads the endpoint file again
            throw e;
        }
    }

    private interface Call<T> {
        T on(ControlClient c) throws ControlException;
    }

    @Override
    public StatusDto status() throws ControlException {
        return call(ControlClient::status);
    }

    @Override
    public ActionResult pause() throws ControlException {
        return call(ControlClient::pause);
    }

    @Override
    public ActionResult resume() throws ControlException {
        return call(ControlClient::resume);
    }

    @Override
    public VersionsDto versions(String drivePath) throws ControlException {
        return call(c -> c.versions(drivePath));
    }

    @Override
    public ActionResult restoreVersion(String drivePath, String id) throws ControlException {
        return call(c -> c.restoreVersion(drivePath, id));
    }
}
