package org.midirack.demos.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the render client and the render server say to each other over the server's Unix domain socket.
 *
 * <p>The client sends one request: {@link #MAGIC}, its folder, whether it runs on a terminal, and its
 * arguments ({@code render ...}). The server answers with frames, each a kind byte and an int: {@link #OUT}
 * and {@link #ERR} frames carry that many bytes of the command's standard output or error, one
 * {@link #EXIT} frame carries the exit code and ends the answer. The client sends nothing more; when it
 * closes the connection before the exit frame (it was stopped), the server cancels the render.
 */
final class RenderWire {
    /** "MRK1": midirack render request, version 1. */
    static final int MAGIC = 0x4D524B31;
    static final byte EXIT = 0;
    static final byte OUT = 1;
    static final byte ERR = 2;
    /** The client's exit code when the server did not take the request: run the command in a JVM of its own. */
    static final int NOT_SERVED = 75;

    private RenderWire() {
    }

    /**
     * A stream reading {@code ch} directly. Not {@code Channels.newInputStream}: its streams take the channel's
     * blocking lock, so a thread blocked reading (the server's watch for a client going away) would stop every
     * write of the answer.
     * @thread any
     */
    static java.io.InputStream in(java.nio.channels.SocketChannel ch) {
        return new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = ch.read(java.nio.ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    /** A stream writing {@code ch} directly (see {@link #in}). @thread any */
    static OutputStream out(java.nio.channels.SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    /** A request as the server reads it. */
    record Request(String cwd, boolean terminal, List<String> args) {
    }

    /** Writes a request; an argument longer than 65,535 bytes in modified UTF-8 throws. @thread the client's main */
    static void writeRequest(DataOutputStream out, String cwd, boolean terminal, String[] args) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(cwd);
        out.writeBoolean(terminal);
        out.writeInt(args.length);
        for (String a : args) {
            out.writeUTF(a);
        }
        out.flush();
    }

    /**
     * Reads a request.
     * @throws IOException when the bytes are no request of this version (names what was wrong)
     * @thread a request thread of the server
     */
    static Request readRequest(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(String.format("not a midirack render request (starts with 0x%08x)", magic));
        }
        String cwd = in.readUTF();
        boolean terminal = in.readBoolean();
        int n = in.readInt();
        if (n < 1 || n > 100_000) {
            throw new IOException("a render request with " + n + " arguments");
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(in.readUTF());
        }
        return new Request(cwd, terminal, args);
    }

    /**
     * The frames of one answer, written by any thread of the request: each write is one frame. After the
     * client went away every write is dropped (a command printing to a gone client goes on unharmed).
     */
    static final class Frames {
        private final DataOutputStream out;
        private boolean broken;

        Frames(OutputStream socket) {
            this.out = new DataOutputStream(new java.io.BufferedOutputStream(socket, 8192));
        }

        /** One frame of {@code kind} with {@code len} bytes. @thread any thread of the request */
        synchronized void write(byte kind, byte[] b, int off, int len) {
            if (broken || len == 0) {
                return;
            }
            try {
                out.writeByte(kind);
                out.writeInt(len);
                out.write(b, off, len);
            } catch (IOException e) {
                broken = true;
            }
        }

        /** Sends what was written. @thread any thread of the request */
        synchronized void flush() {
            if (broken) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                broken = true;
            }
        }

        /** The exit frame, sent. @thread the request thread */
        synchronized void exit(int code) {
            if (broken) {
                return;
            }
            try {
                out.writeByte(EXIT);
                out.writeInt(code);
                out.flush();
            } catch (IOException e) {
                broken = true;
            }
        }

        /** A stream whose writes become frames of {@code kind} ({@link #OUT} or {@link #ERR}). @thread any */
        OutputStream stream(byte kind) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    Frames.this.write(kind, new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    Frames.this.write(kind, b, off, len);
                }

                @Override
                public void flush() {
                    Frames.this.flush();
                }
            };
        }
    }
}
