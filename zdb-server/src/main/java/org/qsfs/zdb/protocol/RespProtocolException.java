package org.qsfs.zdb.protocol;

/**
 * A request frame that cannot be parsed. The server sends {@link #getMessage()} as an error
 * reply and closes the connection: after a broken frame the stream cannot be resynchronised.
 */
public final class RespProtocolException extends Exception {
    public RespProtocolException(String upstreamMessage) {
        super(upstreamMessage);
    }
}
