package org.qsfs.engine.object;

import java.io.IOException;

/** No object is stored at this path (or it was deleted). Check the path with list. */
public class ObjectNotFoundException extends IOException {
    public ObjectNotFoundException(String message) {
        super(message);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
