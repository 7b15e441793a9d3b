package org.qsfs.engine.zdb;

/** The backend accepted the request but did not answer in time. */
public class ZdbTimeoutException extends ZdbUnavailableException {
    public ZdbTimeoutException(BackendAddress backend, String message) {
        super(backend, message, null);
    }
}
