package org.qsfs.engine.zdb;

import java.io.IOException;

/** A backend could not do what was asked. Subclasses say why, so callers can react. */
public class ZdbException extends IOException {
    private final BackendAddress backend;

    public ZdbException(BackendAddress backend, String message) {
        super(backend + ": " + message);
        this.backend = backend;
    }

    public ZdbException(BackendAddress backend, String message, Throwable cause) {
        super(backend + ": " + message, cause);
        this.backend = backend;
    }

    public BackendAddress backend() {
        return backend;
    }
}
