package org.qsfs.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    /** Cheap parameters so the tests run fast; the format is the same. */
    private static final Argon2Params FAST = new Argon2Params(64, 1, 1);
    private static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void roundTripsTheMasterKey() throws Exception {
        MasterKey key = MasterKey.generate();
        Path file = dir.resolve("volume.key");
        KeyFile.create(file, key, PASS, FAST);
        assertEquals(KeyFile.LENGTH, Files.size(file));
        assertTrue(key.sameKeyAs(KeyFile.read(file, PASS)));
    }

    @Test
    void defaultParametersWork() throws Exception {
        MasterKey key = MasterKey.generate();
        byte[] content = KeyFile.wrap(key, PASS, Argon2Params.DEFAULT);
        assertEquals(Argon2Params.DEFAULT, KeyFile.paramsOf(content));
        assertTrue(key.sameKeyAs(KeyFile.unwrap(content, PASS, "test")));
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() throws Exception {
        Path file = dir.resolve("volume.key");
        KeyFile.create(file, MasterKey.generate(), PASS, FAST);
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> KeyFile.read(file, "Correct horse battery staple".toCharArray()));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
        assertTrue(e.getMessage().contains("recovery phrase"), e.getMessage());
    }

    @Test
    void everyChangedByteIsReportedAsCorruptNeverAsAKey() throws Exception {
        byte[] good = KeyFile.wrap(MasterKey.generate(), PASS, FAST);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x40;
            try {
                KeyFile.unwrap(bad, PASS, "k");
                fail("byte " + i + " changed but the file still unlocked");
            } catch (CorruptKeyFileException | UnsupportedKeyFileVersionException e) {
                // the version field (bytes 8-9) gives "unsupported", every other byte "corrupt"
                assertEquals(i == 8 || i == 9, e instanceof UnsupportedKeyFileVersionException, "byte " + i);
            }
        }
    }

    @Test
    void truncatedFileIsCorrupt() throws Exception {
        byte[] good = KeyFile.wrap(MasterKey.generate(), PASS, FAST);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.unwrap(cut, PASS, "k"));
            assertInstanceOf(CorruptKeyFileException.class, e, "length " + len);
        }
        CorruptKeyFileException e = assertThrows(CorruptKeyFileException.class,
                () -> KeyFile.unwrap(Arrays.copyOf(good, 50), PASS, "volume.key"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("restore"), e.getMessage());
    }

    @Test
    void extraBytesAreCorrupt() throws Exception {
        byte[] good = KeyFile.wrap(MasterKey.generate(), PASS, FAST);
        assertThrows(CorruptKeyFileException.class, () -> KeyFile.unwrap(Arrays.copyOf(good, 100), PASS, "k"));
    }

    @Test
    void otherFileIsNotAKeyFile() {
        CorruptKeyFileException e = assertThrows(CorruptKeyFileException.class,
                () -> KeyFile.unwrap("hello world, this is not a key".getBytes(), PASS, "notes.txt"));
        assertTrue(e.getMessage().contains("not a QSFS key file"), e.getMessage());
    }

    @Test
    void absurdArgonCostInAFileWithAValidChecksumIsCorruptAndCostsNothing() throws Exception {
        byte[] file = KeyFile.wrap(MasterKey.generate(), PASS, FAST);
        ByteBuffer.wrap(file).putInt(10, Integer.MAX_VALUE); // ~2 TiB of memory
        CRC32C crc = new CRC32C();
        crc.update(file, 0, 95);
        ByteBuffer.wrap(file).putInt(95, (int) crc.getValue());
        long start = System.nanoTime();
        CorruptKeyFileException e = assertThrows(CorruptKeyFileException.class, () -> KeyFile.unwrap(file, PASS, "k"));
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }

    @Test
    void createRefusesToOverwriteAKey() throws Exception {
        Path file = dir.resolve("volume.key");
        MasterKey first = MasterKey.generate();
        KeyFile.create(file, first, PASS, FAST);
        byte[] before = Files.readAllBytes(file);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFile.create(file, MasterKey.generate(), PASS, FAST));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void replaceChangesThePassphraseAtomicallyAndLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("volume.key");
        MasterKey key = MasterKey.generate();
        KeyFile.create(file, key, PASS, FAST);
        char[] newPass = "new passphrase".toCharArray();
        KeyFile.replace(file, KeyFile.read(file, PASS), newPass, FAST);
        assertTrue(key.sameKeyAs(KeyFile.read(file, newPass)));
        assertThrows(WrongPassphraseException.class, () -> KeyFile.read(file, PASS));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void fileIsReadableOnlyByItsOwner() throws Exception {
        Path file = dir.resolve("volume.key");
        KeyFile.create(file, MasterKey.generate(), PASS, FAST);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void missingFileIsNotSilentlyReplacedByANewKey() {
        Path file = dir.resolve("absent.key");
        assertThrows(NoSuchFileException.class, () -> KeyFile.read(file, PASS));
        assertFalse(Files.exists(file));
    }

    @Test
    void passphraseIsUnicodeNormalised() throws Exception {
        MasterKey key = MasterKey.generate();
        byte[] file = KeyFile.wrap(key, "caf\u00e9".toCharArray(), FAST); // precomposed e-acute
        assertTrue(key.sameKeyAs(KeyFile.unwrap(file, "cafe\u0301".toCharArray(), "k"))); // e + combining accent
    }

    @Test
    void emptyPassphraseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KeyFile.wrap(MasterKey.generate(), new char[0], FAST));
    }

    @Test
    void sameKeyWrapsDifferentlyEachTime() {
        MasterKey key = MasterKey.generate();
        assertFalse(Arrays.equals(KeyFile.wrap(key, PASS, FAST), KeyFile.wrap(key, PASS, FAST)));
    }
}
