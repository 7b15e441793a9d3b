package org.qsfs.engine.zdb;

/** The backend answered with an error reply that has no more specific meaning here. */
public class ZdbCommandException extends ZdbException {
    private final String reply;

    public ZdbCommandException(BackendAddress backend, String reply) {
        super(backend, "backend replied: " + reply);
        this.reply = reply;
    }

    /** An error reply with an explanation of what to do about it. */
    public ZdbCommandException(BackendAddress backend, String reply, String message) {
        super(backend, message);
        this.reply = reply;
    }

    /** The backend's error text, without the leading '-'. */
    public String reply() {
        return reply;
    }
}
