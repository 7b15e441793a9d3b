package org.qsfs.engine.zdb;

/** The namespace reached its maxsize (or the disk is full): place the data elsewhere. */
public class ZdbFullException extends ZdbException {
    public ZdbFullException(BackendAddress backend, String message) {
        super(backend, message);
    }
}
