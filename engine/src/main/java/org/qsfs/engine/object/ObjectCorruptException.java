package org.qsfs.engine.object;

import java.io.IOException;

/** An object's manifest or content does not verify (digest mismatch, unreadable manifest). Nothing wrong was returned as good data; report it if it persists. */
public class ObjectCorruptException extends IOException {
    public ObjectCorruptException(String message) {
        super(message);
    }

    public ObjectCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
