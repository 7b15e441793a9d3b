package org.qsfs.zdb.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental parser of RESP2 requests (arrays of bulk strings), fed with whatever bytes
 * the socket delivered. Keeps partial state between calls so a frame can arrive one byte
 * at a time. Mirrors upstream's redis.c state machine and its error texts.
 *
 * <p>With a pool, arguments of {@link #LARGE_ARGUMENT} bytes or more are filled into pooled
 * direct buffers (see {@link Request}); the parser owns them until it returns the request, and
 * {@link #discard} gives back those of a request it never finished.
 */
public final class RespRequestParser {
    /** From this length on an argument goes to a pooled direct buffer (when there is a pool). */
    public static final int LARGE_ARGUMENT = 64 * 1024;

    private enum State { EMPTY, HEADER, PAYLOAD }

    private final DirectBuffers pool; // null: every argument on the heap

    private final byte[] line = new byte[RespLimits.MAX_HEADER_LINE + 2];
    private int lineLength;

    private State state = State.EMPTY;
    private byte[][] argv;
    private ByteBuffer[] largeArgv; // null until the request has a large argument
    private int filled;          // arguments complete so far
    private byte[] current;      // argument being filled (heap), or
    private ByteBuffer currentLarge; // argument being filled (pooled)
    private int currentLength;
    private int currentFilled;   // bytes of current (payload + trailing CRLF) read so far
    private long requestBytes;

    /** Every argument on the heap. */
    public RespRequestParser() {
        this(null);
    }

    /** Large arguments in buffers of {@code pool} (not thread-safe: the caller's thread only). */
    public RespRequestParser(DirectBuffers pool) {
        this.pool = pool;
    }

    /**
     * Parses from {@code in} until one request is complete or the buffer is drained.
     *
     * @return the arguments of a complete request, or null when more bytes are needed
     * @throws RespProtocolException on a malformed frame; the connection must be closed
     */
    public Request next(ByteBuffer in) throws RespProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case EMPTY -> {
                    if (!readLine(in)) {
                        return null;
                    }
                    startRequest();
                }
                case HEADER -> {
                    if (!readLine(in)) {
                        return null;
                    }
                    startArgument();
                }
                case PAYLOAD -> {
                    if (fillArgument(in)) {
                        Request done = finishArgument();
                        if (done != null) {
                            return done;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** True while a request has been started but not finished. */
    public boolean inProgress() {
        return state != State.EMPTY || lineLength > 0;
    }

    private boolean readLine(ByteBuffer in) throws RespProtocolException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                return true;
            }
            if (lineLength == line.length) {
                throw new RespProtocolException(state == State.EMPTY
                        ? "Malformed request, array expected" : "Malformed query string");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void startRequest() throws RespProtocolException {
        if (lineLength == 0 || line[0] != '*') {
            throw new RespProtocolException("Malformed request, array expected");
        }
        long argc = parseNumber();
        if (argc <= 0) {
            throw new RespProtocolException("Missing arguments");
        }
        if (argc > RespLimits.MAX_ARGUMENTS) {
            throw new RespProtocolException("Too many arguments");
        }
        argv = new byte[(int) argc][];
        largeArgv = null;
        filled = 0;
        requestBytes = 0;
        state = State.HEADER;
    }

    private void startArgument() throws RespProtocolException {
        if (lineLength == 0 || line[0] != '$') {
            throw new RespProtocolException("Malformed query string");
        }
        long length = parseNumber();
        if (length < 0) {
            throw new RespProtocolException("Malformed query string");
        }
        if (length > RespLimits.MAX_ARGUMENT_BYTES) {
            throw new RespProtocolException("Payload too big");
        }
        requestBytes += length;
        if (requestBytes > RespLimits.MAX_REQUEST_BYTES) {
            throw new RespProtocolException("Payload too big");
        }
        currentLength = (int) length;
        if (pool != null && length >= LARGE_ARGUMENT) {
            currentLarge = pool.take(currentLength);
        } else {
            current = new byte[currentLength];
        }
        currentFilled = 0;
        state = State.PAYLOAD;
    }

    /** Copies payload bytes, then checks the trailing CRLF. True when the argument is whole. */
    private boolean fillArgument(ByteBuffer in) throws RespProtocolException {
        int payloadLeft = currentLength - currentFilled;
        if (payloadLeft > 0) {
            int n = Math.min(payloadLeft, in.remaining());
            if (currentLarge != null) {
                currentLarge.put(currentFilled, in, in.position(), n);
                in.position(in.position() + n);
            } else {
                in.get(current, currentFilled, n);
            }
            currentFilled += n;
            if (n < payloadLeft) {
                return false;
            }
        }
        while (currentFilled < currentLength + 2) {
            if (!in.hasRemaining()) {
                return false;
            }
            byte b = in.get();
            byte expected = currentFilled == currentLength ? (byte) '\r' : (byte) '\n';
            if (b != expected) {
                throw new RespProtocolException("Malformed query string");
            }
            currentFilled++;
        }
        return true;
    }

    private Request finishArgument() {
        if (currentLarge != null) {
            if (largeArgv == null) {
                largeArgv = new ByteBuffer[argv.length];
            }
            largeArgv[filled++] = currentLarge;
            currentLarge = null;
        } else {
            argv[filled++] = current;
            current = null;
        }
        if (filled < argv.length) {
            state = State.HEADER;
            return null;
        }
        Request done = new Request(argv, largeArgv);
        argv = null;
        largeArgv = null;
        state = State.EMPTY;
        return done;
    }

    /**
     * Gives back the pooled buffers of the request in progress (the connection is closing, or
     * the frame was malformed); the parser must not be used afterwards.
     */
    public void discard() {
        if (pool == null) {
            return;
        }
        if (currentLarge != null) {
            pool.give(currentLarge);
            currentLarge = null;
        }
        if (largeArgv != null) {
            pool.giveAll(largeArgv);
            largeArgv = null;
        }
    }

    /** Parses the decimal after the type byte; an optional trailing '\r' is ignored. */
    private long parseNumber() throws RespProtocolException {
        int end = lineLength;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        lineLength = 0;
        int i = 1;
        boolean negative = false;
        if (i < end && line[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= end) {
            return 0; // atoi("") is 0 upstream: reported as missing arguments
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new RespProtocolException(line[0] == '*'
                        ? "Malformed request, array expected" : "Malformed query string");
            }
            value = value * 10 + digit;
            if (value > Integer.MAX_VALUE) {
                value = Integer.MAX_VALUE; // clamp: the limits above reject it with the right text
            }
        }
        return negative ? -value : value;
    }
}
