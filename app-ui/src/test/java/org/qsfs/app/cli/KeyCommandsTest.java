package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandsTest {
    static final Pattern PHRASE = Pattern.compile("QSFS1(-[0-9A-Z]{4}){14}");

    @TempDir
    Path dir;

    static String phrase(String out) {
        Matcher m = PHRASE.matcher(out);
        assertTrue(m.find(), "no recovery phrase in:\n" + out);
        String p = m.group();
        assertFalse(m.find(), "the phrase is printed once");
        return p;
    }

    Path secret(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void newExportImportRoundTrip() throws Exception {
        Cli cli = new Cli(dir);
        Path key = dir.resolve("keys/a.key");
        Path pass = secret("pass", "correct horse battery staple\n");

        Cli.Result created = cli.run("key", "new", "--key-file", key.toString(), "--passphrase-file", pass.toString());
        assertEquals(0, created.code(), created.toString());
        assertTrue(created.out().contains("Created key file " + key), created.out());
        assertTrue(created.out().contains("write it on paper"), created.out());
        String phrase = phrase(created.out());
        assertTrue(Files.exists(key));

        Cli.Result again = cli.run("key", "new", "--key-file", key.toString(), "--passphrase-file", pass.toString());
        assertEquals(ExitCode.KEY, again.code(), again.toString());
        assertTrue(again.err().contains("already exists"), again.err());

        cli.env.put("QSFS_PASSPHRASE", "correct horse battery staple");
        Cli.Result exported = cli.run("key", "export", "--key-file", key.toString());
        assertEquals(0, exported.code(), exported.toString());
        assertEquals(phrase, phrase(exported.out()));

        // import from the phrase (on stdin) under a new passphrase, then export again
        Path key2 = dir.resolve("b.key");
        Path pass2 = secret("pass2", "another passphrase entirely");
        cli.env.clear();
        cli.stdin = "\n" + phrase.toLowerCase().replace("-", " ") + "\n";
        Cli.Result imported = cli.run("key", "import", "--phrase", "--key-file", key2.toString(),
                "--passphrase-file", pass2.toString());
        assertEquals(0, imported.code(), imported.toString());
        Cli.Result exported2 = cli.run("--passphrase-file", pass2.toString(), "key", "export", "--key-file",
                key2.toString());
        assertEquals(0, exported2.code(), exported2.toString());
        assertEquals(phrase, phrase(exported2.out()));

        // a copy of the key file, imported under a new passphrase
        Path copy = dir.resolve("copy.key");
        Cli.Result copied = cli.run("key", "export", "--key-file", key.toString(), "--to", copy.toString(),
                "--passphrase-file", pass.toString());
        assertEquals(0, copied.code(), copied.toString());
        assertTrue(Files.exists(copy));
        Path key3 = dir.resolve("c.key");
        Cli.Result fromFile = cli.run("key", "import", "--from", copy.toString(), "--old-passphrase-file",
                pass.toString(), "--key-file", key3.toString(), "--passphrase-file", pass2.toString());
        assertEquals(0, fromFile.code(), fromFile.toString());
        assertEquals(phrase, phrase(cli.run("key", "export", "--key-file", key3.toString(), "--passphrase-file",
                pass2.toString()).out()));

        // import refuses to overwrite, unless --force
        Cli.Result refused = cli.run("key", "import", "--from", copy.toString(), "--old-passphrase-file",
                pass.toString(), "--key-file", key3.toString(), "--passphrase-file", pass2.toString());
        assertEquals(ExitCode.KEY, refused.code(), refused.toString());
    }

    @Test
    void keyFileComesFromTheConfiguration() throws Exception {
        Path config = ConfigCommandsTest.writeValidConfig(dir, "key_file = \"my.key\"");
        Path pass = secret("pass", "a long enough passphrase");
        Cli cli = new Cli(dir);
        cli.env.put("QSFS_CONFIG", config.toString());
        Cli.Result r = cli.run("key", "new", "--passphrase-file", pass.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(dir.resolve("my.key")));
    }

    @Test
    void defaultKeyFileWithoutAConfiguration() throws Exception {
        Path pass = secret("pass", "a long enough passphrase");
        Cli.Result r = new Cli(dir).run("key", "new", "--passphrase-file", pass.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(dir.resolve(".config/qsfs/qsfs.key")));
    }

    @Test
    void wrongPassphraseIsExit3() throws Exception {
        Cli cli = new Cli(dir);
        Path key = dir.resolve("a.key");
        assertEquals(0, cli.run("key", "new", "--key-file", key.toString(), "--passphrase-file",
                secret("p", "right passphrase here").toString()).code());
        Cli.Result r = cli.run("key", "export", "--key-file", key.toString(), "--passphrase-file",
                secret("w", "wrong passphrase here").toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("wrong passphrase for key file " + key), r.err());
        assertFalse(r.out().contains("QSFS1"), r.out());
    }

    @Test
    void corruptKeyFileIsExit3() throws Exception {
        Cli cli = new Cli(dir);
        Path key = dir.resolve("a.key");
        Path pass = secret("p", "right passphrase here");
        assertEquals(0, cli.run("key", "new", "--key-file", key.toString(), "--passphrase-file", pass.toString()).code());
        byte[] b = Files.readAllBytes(key);
        b[50] ^= 1;
        Files.write(key, b);
        Cli.Result r = cli.run("key", "export", "--key-file", key.toString(), "--passphrase-file", pass.toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("is unusable"), r.err());
        Files.writeString(key, "not a key");
        assertEquals(ExitCode.KEY, cli.run("key", "export", "--key-file", key.toString(), "--passphrase-file",
                pass.toString()).code());
    }

    @Test
    void missingKeyFileAndMissingPassphrase() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result noFile = cli.run("key", "export", "--key-file", dir.resolve("none.key").toString());
        assertEquals(ExitCode.KEY, noFile.code(), noFile.toString());
        assertTrue(noFile.err().contains("qsfs key new"), noFile.err());
        Cli.Result noPass = cli.run("key", "new", "--key-file", dir.resolve("x.key").toString());
        assertEquals(ExitCode.KEY, noPass.code(), noPass.toString());
        assertTrue(noPass.err().contains("no passphrase: give --passphrase-file FILE, set QSFS_PASSPHRASE"), noPass.err());
        assertFalse(Files.exists(dir.resolve("x.key")));
        Cli.Result emptyFile = cli.run("key", "new", "--key-file", dir.resolve("x.key").toString(),
                "--passphrase-file", secret("empty", "\n").toString());
        assertEquals(ExitCode.KEY, emptyFile.code(), emptyFile.toString());
    }

    @Test
    void badRecoveryPhraseIsExit3() throws Exception {
        Cli cli = new Cli(dir);
        cli.stdin = "QSFS1-AAAA-BBBB\n";
        Cli.Result r = cli.run("key", "import", "--phrase", "--key-file", dir.resolve("k").toString(),
                "--passphrase-file", secret("p", "passphrase passphrase").toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("recovery phrase"), r.err());
        assertFalse(Files.exists(dir.resolve("k")));
    }

    @Test
    void importNeedsExactlyOneSource() {
        Cli.Result r = new Cli(dir).run("key", "import");
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        Cli.Result both = new Cli(dir).run("key", "import", "--phrase", "--from", "x");
        assertEquals(ExitCode.USAGE, both.code(), both.toString());
    }
}
