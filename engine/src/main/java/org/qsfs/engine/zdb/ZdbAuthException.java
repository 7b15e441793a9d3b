package org.qsfs.engine.zdb;

/** Wrong namespace password, or the namespace is private: fix the backend's password. */
public class ZdbAuthException extends ZdbException {
    public ZdbAuthException(BackendAddress backend, String message) {
        super(backend, message);
    }
}
