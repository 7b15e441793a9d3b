package org.qsfs.zdb.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental parser of RESP2 requests (arrays of bulk strings), fed with whatever bytes
 * the socket delivered. Keeps partial state between calls so a frame can arrive one byte
 * at a time. Mirrors upstream's redis.c state machine and its error texts.
 */
public final class RespRequestParser {
    private enum State { EMPTY, HEADER, PAYLOAD }

    private final byte[] line = new byte[RespLimits.MAX_HEADER_LINE + 2];
    private int lineLength;

    private State state = State.EMPTY;
    private byte[][] argv;
    private int filled;          // arguments complete so far
    private byte[] current;      // argument being filled
    private int currentFilled;   // bytes of current (payload + trailing CRLF) read so far
    private long requestBytes;

    /**
     * Parses from {@code in} until one request is complete or the buffer is drained.
     *
     * @return the arguments of a complete request, or null when more bytes are needed
     * @throws RespProtocolException on a malformed frame; the connection must be closed
     */
    public byte[][] next(ByteBuffer in) throws RespProtocolException {
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
                        byte[][] done = finishArgument();
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
        current = new byte[(int) length];
        currentFilled = 0;
        state = State.PAYLOAD;
    }

    /** Copies payload bytes, then checks the trailing CRLF. True when the argument is whole. */
    private boolean fillArgument(ByteBuffer in) throws RespProtocolException {
        int payloadLeft = current.length - currentFilled;
        if (payloadLeft > 0) {
            int n = Math.min(payloadLeft, in.remaining());
            in.get(current, currentFilled, n);
            currentFilled += n;
            if (n < payloadLeft) {
                return false;
            }
        }
        while (currentFilled < current.length + 2) {
            if (!in.hasRemaining()) {
                return false;
            }
            byte b = in.get();
            byte expected = currentFilled == current.length ? (byte) '\r' : (byte) '\n';
            if (b != expected) {
                throw new RespProtocolException("Malformed query string");
            }
            currentFilled++;
        }
        return true;
    }

    private byte[][] finishArgument() {
        argv[filled++] = current;
        current = null;
        if (filled < argv.length) {
            state = State.HEADER;
            return null;
        }
        byte[][] done = argv;
        argv = null;
        state = State.EMPTY;
        return done;
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
