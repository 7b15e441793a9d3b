package org.qsfs.engine.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption and caller-supplied
 * associated data. Sealed layout: nonce (12) || ciphertext || tag (16).
 *
 * <p>Random nonces are safe for up to 2^32 encryptions per key (NIST SP 800-38D);
 * at 4 MiB blocks that is 16 PiB per volume key.
 *
 * <p>Uses the JDK's provider, which has AES-NI and CLMUL intrinsics. The bytes go through
 * reusable direct buffers: on JDK 17, GCM over a heap array larger than about 256 KiB takes a
 * slow path (measured here: 88 MiB/s for a 4 MiB block, against 2-3 GiB/s through direct
 * buffers, copies included). Not thread-safe: it keeps one {@link Cipher} and its buffers;
 * use one instance per thread.
 */
public final class BlockCipher {
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes per cipher call when sealing direct buffers (see {@link #seal(byte[], ByteBuffer, ByteBuffer)}). */
    static final int SEAL_SLICE = 16 * 1024;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private ByteBuffer directIn = ByteBuffer.allocateDirect(0);
    private ByteBuffer directOut = ByteBuffer.allocateDirect(0);

    public BlockCipher(SubKey key) {
        if (key.purpose() != KeyPurpose.DATA && key.purpose() != KeyPurpose.METADATA) {
            throw new IllegalArgumentException("block encryption takes a DATA or METADATA key, not " + key.purpose());
        }
        this.key = key.secretKey("AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks AES/GCM/NoPadding", e);
        }
    }

    /** The sealed length of {@code plaintextLength} bytes. */
    public static int sealedLength(int plaintextLength) {
        return plaintextLength + OVERHEAD;
    }

    /**
     * Encrypts {@code in[off, off+len)} into {@code out} at {@code outOff}
     * as nonce || ciphertext || tag and returns the number of bytes written.
     */
    public int seal(byte[] aad, byte[] in, int off, int len, byte[] out, int outOff) {
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, outOff, NONCE_LENGTH);
        try {
            if (out.length - outOff - NONCE_LENGTH < len + TAG_LENGTH) {
                throw new ShortBufferException();
            }
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            return NONCE_LENGTH + crypt(in, off, len, out, outOff + NONCE_LENGTH, len + TAG_LENGTH);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small: need " + sealedLength(len) + " bytes", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts the sealed bytes {@code in[off, off+len)} into {@code out} at
     * {@code outOff} and returns the plaintext length.
     *
     * @throws IntegrityException when the tag does not verify (wrong key, wrong
     *     associated data, or altered bytes); nothing is written to {@code out}
     *     that the caller should use
     */
    public int open(byte[] aad, byte[] in, int off, int len, byte[] out, int outOff) throws IntegrityException {
        if (len < OVERHEAD) {
            throw new IntegrityException("sealed data is " + len + " bytes, shorter than nonce and tag ("
                    + OVERHEAD + "): it was truncated");
        }
        try {
            if (out.length - outOff < len - OVERHEAD) {
                throw new ShortBufferException();
            }
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, in, off, NONCE_LENGTH));
            cipher.updateAAD(aad);
            return crypt(in, off + NONCE_LENGTH, len - NONCE_LENGTH, out, outOff, len - OVERHEAD);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("authentication tag mismatch: the data was encrypted under another key"
                    + " or identity, or it was altered; it must not be used", e);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small: need " + (len - OVERHEAD) + " bytes", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * Runs the initialised cipher over {@code in[off, off+len)} through the direct buffers and
     * copies the {@code outLen} result bytes to {@code out}. On a bad tag nothing is copied.
     */
    private int crypt(byte[] in, int off, int len, byte[] out, int outOff, int outLen) throws GeneralSecurityException {
        if (directIn.capacity() < len) {
            directIn = ByteBuffer.allocateDirect(len);
        }
        if (directOut.capacity() < outLen) {
            directOut = ByteBuffer.allocateDirect(outLen);
        }
        directIn.clear();
        directIn.put(in, off, len).flip();
        directOut.clear();
        int n = cipher.doFinal(directIn, directOut);
        directOut.flip();
        directOut.get(out, outOff, n);
        return n;
    }

    /**
     * Encrypts the remaining bytes of the direct buffer {@code in} into the direct buffer
     * {@code out} at its position, as nonce || ciphertext || tag, with no copy through the heap
     * (the block codec's path). Advances both positions; returns the number of bytes written.
     */
    public int seal(byte[] aad, ByteBuffer in, ByteBuffer out) {
        int len = in.remaining();
        if (out.remaining() < sealedLength(len)) {
            throw new IllegalArgumentException("output buffer too small: need " + sealedLength(len) + " bytes");
        }
        RANDOM.nextBytes(nonce);
        int start = out.position();
        out.put(nonce);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            // In slices: the JIT puts GHASH's CLMUL intrinsic in only once the method calling it
            // is compiled, which takes many calls. Sealed in one call, the first ~25 blocks of
            // 4 MiB of a fresh JVM ran at 60-100 MB/s (the CLI pays that on every run); in 16 KiB
            // slices that slow start is about half as long, at the same speed afterwards.
            int limit = in.limit();
            while (limit - in.position() > SEAL_SLICE) {
                in.limit(in.position() + SEAL_SLICE);
                cipher.update(in, out);
                in.limit(limit);
            }
            cipher.doFinal(in, out);
            return out.position() - start;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts the remaining bytes of the direct buffer {@code sealed} (nonce || ciphertext ||
     * tag) into the direct buffer {@code out} at its position and returns the plaintext length.
     *
     * @throws IntegrityException when the tag does not verify; what {@code out} then holds
     *     must not be used
     */
    public int open(byte[] aad, ByteBuffer sealed, ByteBuffer out) throws IntegrityException {
        int len = sealed.remaining();
        if (len < OVERHEAD) {
            throw new IntegrityException("sealed data is " + len + " bytes, shorter than nonce and tag ("
                    + OVERHEAD + "): it was truncated");
        }
        if (out.remaining() < len - OVERHEAD) {
            throw new IllegalArgumentException("output buffer too small: need " + (len - OVERHEAD) + " bytes");
        }
        byte[] n = new byte[NONCE_LENGTH];
        sealed.get(n);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, n));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, out);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("authentication tag mismatch: the data was encrypted under another key"
                    + " or identity, or it was altered; it must not be used", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Convenience: a new array holding nonce || ciphertext || tag. */
    public byte[] seal(byte[] aad, byte[] plaintext) {
        byte[] out = new byte[sealedLength(plaintext.length)];
        seal(aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Convenience: the plaintext of {@code sealed} as a new array. */
    public byte[] open(byte[] aad, byte[] sealed) throws IntegrityException {
        byte[] out = new byte[Math.max(0, sealed.length - OVERHEAD)];
        open(aad, sealed, 0, sealed.length, out, 0);
        return out;
    }
}
