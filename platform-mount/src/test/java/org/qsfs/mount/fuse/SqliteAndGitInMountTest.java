package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;

/** Programs that lean on POSIX details: SQLite (locks, fsync, journal) and git (renames, links, modes). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqliteAndGitInMountTest {
    @TempDir
    static Path dir;
    MountedDemo m;

    @BeforeAll
    void mount() throws Exception {
        m = MountedDemo.start(dir);
    }

    @AfterAll
    void unmount() throws Exception {
        m.close();
    }

    @Test
    void sqliteDatabaseWorksInBothJournalModes() throws Exception {
        assumeTrue(Sh.have("sqlite3"), "sqlite3 is not installed (apt-get install sqlite3)");
        for (String mode : new String[] {"delete", "wal"}) {
            Path db = m.path("test-" + mode + ".db");
            Sh.ok(null, "sqlite3", db.toString(), "PRAGMA journal_mode=" + mode + ";"
                    + "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
                    + "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<20000)"
                    + " INSERT INTO t(v) SELECT printf('value-%08d', x) FROM c;"
                    + "CREATE INDEX tv ON t(v);"
                    + "UPDATE t SET v = v || '-u' WHERE id % 7 = 0;"
                    + "DELETE FROM t WHERE id % 11 = 0;");
            assertEquals("18182", Sh.ok(null, "sqlite3", db.toString(), "SELECT count(*) FROM t;").trim());
            assertEquals("ok", Sh.ok(null, "sqlite3", db.toString(), "PRAGMA integrity_check;").trim());
            assertEquals("2598", Sh.ok(null, "sqlite3", db.toString(),
                    "SELECT count(*) FROM t WHERE v LIKE '%-u';").trim());
            Sh.ok(null, "sqlite3", db.toString(), "VACUUM;");
            assertEquals("ok", Sh.ok(null, "sqlite3", db.toString(), "PRAGMA integrity_check;").trim());
        }
    }

    @Test
    void gitInitAddCommitLog() throws Exception {
        assumeTrue(Sh.have("git"), "git is not installed");
        Path repo = Files.createDirectories(m.path("repo"));
        String env = "export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@x GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@x;"
                + " export HOME='" + dir + "';";
        Sh.bash(repo, env + "git init -q -b main . && git config core.fileMode true"
                + " && for i in $(seq 1 50); do mkdir -p d$((i % 5)); echo \"file $i\" > d$((i % 5))/f$i.txt; done"
                + " && printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod +x run.sh && ln -s run.sh link"
                + " && git add -A && git commit -q -m first"
                + " && git mv d1 renamed && echo more >> d2/f2.txt && git rm -q d3/f3.txt"
                + " && git commit -q -am second && git gc -q && git fsck --strict");
        String log = Sh.bash(repo, env + "git log --format=%s");
        assertEquals("second\nfirst", log.trim());
        assertEquals("", Sh.bash(repo, env + "git status --porcelain").trim());
        String files = Sh.bash(repo, env + "git ls-files -s run.sh link");
        assertTrue(files.contains("100755") && files.contains("120000"), files);
        Sh.bash(dir, env + "git clone -q '" + repo + "' clone && cd clone && git log --oneline | wc -l");
        assertEquals("hi", Sh.ok(repo, "./run.sh").trim());
    }
}
