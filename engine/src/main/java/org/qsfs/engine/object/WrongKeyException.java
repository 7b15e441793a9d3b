package org.qsfs.engine.object;

import java.io.IOException;

/** The data or metadata does not authenticate with the loaded key: load the volume's own key file. */
public class WrongKeyException extends IOException {
    public WrongKeyException(String message) {
        super(message);
    }

    public WrongKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
