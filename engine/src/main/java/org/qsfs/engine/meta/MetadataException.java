package org.qsfs.engine.meta;

import java.io.IOException;

/** A metadata operation failed; subclasses say why. */
public class MetadataException extends IOException {
    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
