package org.qsfs.engine.zdb;

/**
 * The answer to one SET of a pipelined batch ({@link ZdbNamespace#setAll}): the key it is stored
 * under (in a sequential namespace the id the backend chose; in a user-mode one the key, also
 * when the value was already identical and nothing was written), or the backend's error reply
 * for this SET alone (full, refused). Exactly one of the two is set.
 */
public record SetReply(byte[] id, ZdbException error) {
    public static SetReply stored(byte[] id) {
        return new SetReply(id, null);
    }

    public static SetReply refused(ZdbException error) {
        return new SetReply(null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
