package org.qsfs.zdb.storage;

/** A storage failure whose message is exactly the upstream 0-db error text sent to the client. */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
