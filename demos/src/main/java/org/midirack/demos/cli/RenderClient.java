package org.midirack.demos.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The client the {@code ./midirack} launcher runs for {@code render} when a render server is wanted: a small JVM
 * (no picocli, no Gervill) that sends its arguments, folder and terminal to the {@link RenderServer} and relays
 * the answer: standard output, standard error and the exit code, as if the render had run here.
 *
 * <p>Usage: {@code RenderClient SOCKET WAIT_MS SERVER_PID render ARGS...}. It connects within {@code WAIT_MS}
 * (the launcher gives time when it has just started server {@code SERVER_PID}, and stops waiting when that
 * process has ended; 0 means none was started). It exits {@link RenderWire#NOT_SERVED} when the request was not
 * taken (no server, or an argument standard input or output: {@code -}, which stays with a JVM of the
 * client's own), and the launcher then runs the render itself.
 */
public final class RenderClient {

    private RenderClient() {
    }

    /**
     * Entry point.
     * @thread main
     */
    public static void main(String[] a) {
        System.exit(run(a, System.out, System.err));
    }

    /**
     * Sends {@code a} (as described above) and relays the answer to {@code out} and {@code err}.
     * @return the render's exit code, or {@link RenderWire#NOT_SERVED}
     * @thread main
     */
    static int run(String[] a, PrintStream out, PrintStream err) {
        if (a.length < 4 || !a[3].equals("render")) {
            err.println("usage: RenderClient SOCKET WAIT_MS SERVER_PID render ARGS...");
            return 2;
        }
        String[] args = java.util.Arrays.copyOfRange(a, 3, a.length);
        for (String s : args) {
            if (s.equals("-") || s.endsWith("=-") || s.equals("-o-")) {
                return RenderWire.NOT_SERVED; // standard input or output: not through a socket
            }
        }
        SocketChannel ch = connect(Path.of(a[0]), Long.parseLong(a[1]), Long.parseLong(a[2]));
        if (ch == null) {
            return RenderWire.NOT_SERVED;
        }
        try (ch) {
            DataOutputStream req = new DataOutputStream(RenderWire.out(ch));
            RenderWire.writeRequest(req, Path.of("").toAbsolutePath().toString(), System.console() != null, args);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(RenderWire.in(ch)));
            boolean any = false;
            byte[] buf = new byte[8192];
            while (true) {
                int kind;
                try {
                    kind = in.readByte();
                } catch (EOFException e) {
                    if (!any) {
                        return RenderWire.NOT_SERVED; // it ended before taking the request: nothing was written
                    }
                    err.println("midirack: the render server stopped before the render ended (its log: "
                            + Path.of(a[0]) + ".log)");
                    return 1;
                }
                any = true;
                int n = in.readInt();
                if (kind == RenderWire.EXIT) {
                    out.flush();
                    err.flush();
                    return n;
                }
                PrintStream to = kind == RenderWire.OUT ? out : err;
                while (n > 0) {
                    int k = in.read(buf, 0, Math.min(n, buf.length));
                    if (k < 0) {
                        throw new EOFException();
                    }
                    to.write(buf, 0, k);
                    n -= k;
                }
                to.flush();
            }
        } catch (java.io.UTFDataFormatException e) {
            return RenderWire.NOT_SERVED; // an argument too long for the request
        } catch (IOException e) {
            err.println("midirack: lost the render server (" + e.getMessage() + "; its log: " + Path.of(a[0]) + ".log)");
            return 1;
        }
    }

    /**
     * A socket file no server listens on (its server died): removed when no server holds its lock, so that the
     * launcher starts a new server next time.
     */
    private static void removeStale(Path sock) {
        Path lock = sock.resolveSibling(sock.getFileName() + ".lock");
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock l = f.tryLock()) {
            if (l != null) {
                java.nio.file.Files.deleteIfExists(sock);
            }
        } catch (IOException | RuntimeException e) {
            // no lock file or no right to it: leave it
        }
    }

    private static SocketChannel connect(Path sock, long waitMs, long serverPid) {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(sock);
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(addr);
                    return ch;
                } catch (IOException e) {
                    ch.close();
                }
            } catch (IOException e) {
                return null;
            }
            boolean starting = serverPid > 0 && ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
            if (!starting || System.nanoTime() > deadline) {
                if (serverPid <= 0) {
                    removeStale(sock);
                }
                return null;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return null;
            }
        }
    }
}
