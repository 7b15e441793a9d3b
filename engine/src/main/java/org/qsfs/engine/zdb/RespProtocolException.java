package org.qsfs.engine.zdb;

import java.io.IOException;

/** The backend sent bytes that are not a valid RESP2 reply; the connection is unusable. */
final class RespProtocolException extends IOException {
    RespProtocolException(String message) {
        super(message);
    }
}
