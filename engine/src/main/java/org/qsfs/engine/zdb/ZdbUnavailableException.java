package org.qsfs.engine.zdb;

/** The backend cannot be reached or dropped the connection: try another backend, retry later. */
public class ZdbUnavailableException extends ZdbException {
    public ZdbUnavailableException(BackendAddress backend, String message, Throwable cause) {
        super(backend, message, cause);
    }
}
