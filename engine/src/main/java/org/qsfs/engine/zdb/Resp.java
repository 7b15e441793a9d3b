package org.qsfs.engine.zdb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2, the client side: requests are arrays of bulk strings (binary safe); replies are
 * decoded to {@link RespStatus}, {@link RespError}, {@link Long}, {@code byte[]}, {@code null}
 * (nil bulk or nil array) or {@code List<Object>}.
 */
final class Resp {
    /** Largest bulk reply accepted: 0-db values are at most 8 MiB; leave room, refuse garbage. */
    static final int MAX_BULK = 64 * 1024 * 1024;
    /** Most elements in one array reply (a SCAN page holds far fewer). */
    static final int MAX_ARRAY = 16 * 1024 * 1024;
    /** Deepest nesting of arrays (SCAN: 3). */
    static final int MAX_DEPTH = 8;
    /** Longest status, error or header line. */
    static final int MAX_LINE = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    private Resp() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one request: {@code *N CRLF} then {@code $len CRLF bytes CRLF} per argument. */
    static void writeCommand(OutputStream out, byte[]... args) throws IOException {
        out.write('*');
        writeDecimal(out, args.length);
        out.write(CRLF);
        for (byte[] a : args) {
            out.write('$');
            writeDecimal(out, a.length);
            out.write(CRLF);
            out.write(a);
            out.write(CRLF);
        }
    }

    private static void writeDecimal(OutputStream out, long v) throws IOException {
        out.write(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one complete reply. EOF before its first byte or inside it is an {@link EOFException}. */
    static Object readReply(InputStream in) throws IOException {
        return readReply(in, 0, null);
    }

    /**
     * As {@link #readReply(InputStream)}; a bulk reply of exactly {@code bulkInto.length} bytes
     * is read into {@code bulkInto} (returned) instead of a new array. Null: always a new one.
     */
    static Object readReply(InputStream in, byte[] bulkInto) throws IOException {
        return readReply(in, 0, bulkInto);
    }

    private static Object readReply(InputStream in, int depth, byte[] bulkInto) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by the backend");
        }
        switch (type) {
            case '+':
                return new RespStatus(readLine(in));
            case '-':
                return new RespError(readLine(in));
            case ':':
                return parseLong(readLine(in));
            case '$': {
                long len = parseLong(readLine(in));
                if (len == -1) {
                    return null;
                }
                if (len < 0 || len > MAX_BULK) {
                    throw new RespProtocolException("bulk length out of range: " + len);
                }
                byte[] b = bulkInto != null && bulkInto.length == len ? bulkInto : new byte[(int) len];
                int off = 0;
                while (off < b.length) {
                    int n = in.read(b, off, b.length - off);
                    if (n < 0) {
                        throw new EOFException("connection closed in the middle of a reply ("
                                + off + " of " + len + " bytes)");
                    }
                    off += n;
                }
                expectCrlf(in);
                return b;
            }
            case '*': {
                long n = parseLong(readLine(in));
                if (n == -1) {
                    return null;
                }
                if (n < 0 || n > MAX_ARRAY) {
                    throw new RespProtocolException("array length out of range: " + n);
                }
                if (depth >= MAX_DEPTH) {
                    throw new RespProtocolException("arrays nested too deep");
                }
                List<Object> list = new ArrayList<>((int) Math.min(n, 1024));
                for (long i = 0; i < n; i++) {
                    list.add(readReply(in, depth + 1, null));
                }
                return list;
            }
            default:
                throw new RespProtocolException("unexpected reply type byte 0x" + Integer.toHexString(type));
        }
    }

    private static void expectCrlf(InputStream in) throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw new EOFException("connection closed in the middle of a reply");
        }
        if (cr != '\r' || lf != '\n') {
            throw new RespProtocolException("bulk reply not terminated by CRLF");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(16);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf < 0) {
                    throw new EOFException("connection closed in the middle of a reply");
                }
                if (lf != '\n') {
                    throw new RespProtocolException("CR not followed by LF in a reply line");
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new RespProtocolException("reply line longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) c);
        }
    }

    private static long parseLong(String s) throws RespProtocolException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new RespProtocolException("not a number in a reply: " + abbreviate(s));
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
