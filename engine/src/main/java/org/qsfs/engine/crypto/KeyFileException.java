package org.qsfs.engine.crypto;

import java.io.IOException;

/** A key file could not be used. Subclasses say why and what to do. */
public abstract class KeyFileException extends IOException {
    protected KeyFileException(String message) {
        super(message);
    }

    protected KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
