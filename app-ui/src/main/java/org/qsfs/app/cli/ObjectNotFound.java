package org.qsfs.app.cli;

/** No object is stored under the path asked for (exit code 4). */
final class ObjectNotFound extends Exception {
    ObjectNotFound(String path) {
        super(path + ": no such object in the volume; `qsfs ls` lists what is stored");
    }
}
