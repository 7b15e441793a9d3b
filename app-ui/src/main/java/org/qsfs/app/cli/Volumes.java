package org.qsfs.app.cli;

/**
 * The commands that need the object store (store, retrieve, ls, check, rebuild, scrub), in
 * one place so they open the volume the same way.
 */
final class Volumes {
    private static final String MISSING = "the engine's object store (org.qsfs.engine.object) is not in this build";

    private Volumes() {
    }

    static int store(QsfsCommand c, String file, String path) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("store", MISSING);
    }

    static int retrieve(QsfsCommand c, String path, String file, boolean force) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("retrieve", MISSING);
    }

    static int ls(QsfsCommand c, String prefix) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("ls", MISSING);
    }

    static int check(QsfsCommand c, String path) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("check", MISSING);
    }

    static int rebuild(QsfsCommand c, String path) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("rebuild", "repair of lost shards (org.qsfs.engine.repair) is not in this"
                + " build");
    }

    static int scrub(QsfsCommand c) throws Exception {
        c.configs().load();
        throw CliException.notAvailable("scrub", "the scrubber (org.qsfs.engine.repair) is not in this build");
    }
}
