package org.qsfs.engine.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key file: the master key wrapped with a passphrase (Argon2id, then AES-256-GCM).
 * Layout in docs/FORMATS.md, "Key file". An exported key is this same file.
 *
 * <p>Reading never creates a key: a missing, damaged or locked file is an error that
 * says what to do.
 */
public final class KeyFile {
    static final byte[] MAGIC = "QSFS-KEY".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SALT_LENGTH = 16;
    static final int LENGTH = 99;

    private static final int OFF_VERSION = 8;
    private static final int OFF_MEMORY = 10;
    private static final int OFF_ITERATIONS = 14;
    private static final int OFF_PARALLELISM = 18;
    private static final int OFF_SALT = 19;
    private static final int OFF_NONCE = 35;
    private static final int OFF_WRAPPED = 47;
    private static final int OFF_CRC = 95;

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {
    }

    /** Writes a new key file; refuses to overwrite an existing one. */
    public static void create(Path path, MasterKey key, char[] passphrase, Argon2Params params) throws IOException {
        AtomicFile.write(path, wrap(key, passphrase, params), false);
        log.info("wrote key file {} (key {})", path, KeyDerivation.fingerprint(key));
    }

    /** Atomically replaces a key file, e.g. to change its passphrase. */
    public static void replace(Path path, MasterKey key, char[] passphrase, Argon2Params params) throws IOException {
        AtomicFile.write(path, wrap(key, passphrase, params), true);
        log.info("replaced key file {} (key {})", path, KeyDerivation.fingerprint(key));
    }

    /**
     * Unlocks a key file.
     *
     * @throws WrongPassphraseException the file is intact but the passphrase is wrong
     * @throws CorruptKeyFileException the file is damaged, truncated or not a key file
     * @throws UnsupportedKeyFileVersionException a newer QSFS wrote it
     * @throws java.nio.file.NoSuchFileException there is no file at {@code path}
     */
    public static MasterKey read(Path path, char[] passphrase) throws IOException {
        long size = Files.size(path);
        if (size > 64 * 1024) {
            // Not one of ours; do not read a huge file into memory to find out.
            throw new CorruptKeyFileException(path.toString(), "it is " + size + " bytes, not a QSFS key file");
        }
        return unwrap(Files.readAllBytes(path), passphrase, path.toString());
    }

    /** The key file content for {@code key} under {@code passphrase}. */
    public static byte[] wrap(MasterKey key, char[] passphrase, Argon2Params params) {
        byte[] salt = new byte[SALT_LENGTH];
        byte[] nonce = new byte[BlockCipher.NONCE_LENGTH];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        byte[] file = ByteBuffer.allocate(LENGTH)
                .put(MAGIC).putShort((short) VERSION)
                .putInt(params.memoryKiB()).putInt(params.iterations()).put((byte) params.parallelism())
                .put(salt).put(nonce)
                .array();
        byte[] wrappingKey = stretch(passphrase, salt, params);
        byte[] plain = key.copyBytes();
        try {
            Cipher gcm = gcm(Cipher.ENCRYPT_MODE, wrappingKey, file);
            gcm.doFinal(plain, 0, plain.length, file, OFF_WRAPPED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed while wrapping the key", e);
        } finally {
            Arrays.fill(wrappingKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
        ByteBuffer.wrap(file).putInt(OFF_CRC, crc(file));
        return file;
    }

    /** Unlocks key file content; {@code source} names it in error messages. */
    public static MasterKey unwrap(byte[] file, char[] passphrase, String source) throws KeyFileException {
        if (file.length < MAGIC.length || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptKeyFileException(source, "it does not start with the QSFS key file magic, so it is"
                    + " not a QSFS key file (or its beginning was overwritten)");
        }
        if (file.length < OFF_MEMORY) {
            throw new CorruptKeyFileException(source, "it is truncated (" + file.length + " of " + LENGTH + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        int version = Short.toUnsignedInt(in.getShort(OFF_VERSION));
        if (version != VERSION) {
            throw new UnsupportedKeyFileVersionException(source, version, VERSION);
        }
        if (file.length != LENGTH) {
            throw new CorruptKeyFileException(source, (file.length < LENGTH ? "it is truncated (" : "it has extra bytes (")
                    + file.length + " bytes, expected " + LENGTH + ")");
        }
        if (crc(file) != in.getInt(OFF_CRC)) {
            throw new CorruptKeyFileException(source, "its checksum does not match, so bytes in it were changed");
        }
        long memory = Integer.toUnsignedLong(in.getInt(OFF_MEMORY));
        long iterations = Integer.toUnsignedLong(in.getInt(OFF_ITERATIONS));
        int parallelism = Byte.toUnsignedInt(in.get(OFF_PARALLELISM));
        String problem = Argon2Params.problem(memory, iterations, parallelism);
        if (problem != null) {
            throw new CorruptKeyFileException(source, problem);
        }
        Argon2Params params = new Argon2Params((int) memory, (int) iterations, parallelism);
        byte[] salt = Arrays.copyOfRange(file, OFF_SALT, OFF_SALT + SALT_LENGTH);
        byte[] wrappingKey = stretch(passphrase, salt, params);
        byte[] plain = new byte[MasterKey.LENGTH];
        try {
            Cipher gcm = gcm(Cipher.DECRYPT_MODE, wrappingKey, file);
            gcm.doFinal(file, OFF_WRAPPED, MasterKey.LENGTH + BlockCipher.TAG_LENGTH, plain, 0);
            return MasterKey.fromBytes(plain);
        } catch (AEADBadTagException e) {
            // The CRC matched, so the bytes are as written: the passphrase is what differs.
            throw new WrongPassphraseException(source);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed while unwrapping the key", e);
        } finally {
            Arrays.fill(wrappingKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** AES-256-GCM keyed with the wrapping key; nonce and AAD (bytes 0..46) come from the file. */
    private static Cipher gcm(int mode, byte[] wrappingKey, byte[] file) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(wrappingKey, "AES"),
                new GCMParameterSpec(BlockCipher.TAG_LENGTH * 8, file, OFF_NONCE, BlockCipher.NONCE_LENGTH));
        c.updateAAD(file, 0, OFF_WRAPPED);
        return c;
    }

    /** The Argon2 parameters a key file was written with (for re-wrapping with the same cost). */
    public static Argon2Params paramsOf(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        return new Argon2Params(in.getInt(OFF_MEMORY), in.getInt(OFF_ITERATIONS),
                Byte.toUnsignedInt(in.get(OFF_PARALLELISM)));
    }

    private static byte[] stretch(char[] passphrase, byte[] salt, Argon2Params params) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty; choose one to protect the key file");
        }
        byte[] pass = passphraseBytes(passphrase);
        try {
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(params.memoryKiB())
                    .withIterations(params.iterations())
                    .withParallelism(params.parallelism())
                    .build());
            byte[] out = new byte[32];
            gen.generateBytes(pass, out);
            return out;
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    /** NFKC first, so the same passphrase typed on another OS or keyboard gives the same bytes. */
    static byte[] passphraseBytes(char[] passphrase) {
        String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFKC);
        ByteBuffer enc = StandardCharsets.UTF_8.encode(normalized);
        byte[] out = new byte[enc.remaining()];
        enc.get(out);
        if (enc.hasArray()) {
            Arrays.fill(enc.array(), (byte) 0);
        }
        return out;
    }

    private static int crc(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, OFF_CRC);
        return (int) crc.getValue();
    }
}
