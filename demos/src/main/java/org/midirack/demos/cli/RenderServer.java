package org.midirack.demos.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code render-server}: a JVM that stays up between renders, so that the next {@code midirack render} skips
 * what every new Java process pays again: starting the JVM, compiling the renderer's code (the JIT), reading
 * the soundbank. The {@code ./midirack} launcher starts one for {@code render} (see the README) and sends it
 * the command through {@link RenderClient}; nothing else changes for the user: the same arguments, output,
 * messages ({@link AsGiven}), exit codes and files, bit for bit.
 *
 * <p>Lifecycle: one server per socket (a lock file beside it; a second server for the same socket exits at
 * once); it serves each client on a thread of its own, several at once; it exits after {@code --idle} seconds
 * without a client, or as soon as its socket file is removed or replaced, or its jar changes (the launcher
 * names the socket after the jar's size and time, so a rebuilt jar gets a new server). A client that goes
 * away before its render ends (Ctrl-C) cancels it: the render stops and its temporary file is removed, as a
 * stopped {@code render} process does. SIGTERM to the server does the same for every render in progress.
 *
 * <p>The socket's folder must belong to the user and be closed to everyone else (mode 700): whoever can
 * connect can make the server write files as its user.
 */
@Command(name = "render-server", mixinStandardHelpOptions = true, hidden = true,
        description = "Serve 'render' for the ./midirack launcher on a Unix socket, so that each render skips the JVM's"
                + " start-up (started by the launcher; see the README).")
public final class RenderServer implements Callable<Integer> {

    @Option(names = "--socket", required = true, paramLabel = "PATH",
            description = "The Unix domain socket to listen on; its folder must be yours alone (mode 700).")
    Path socket;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "600",
            description = "Exit after this many seconds without a client. Default: ${DEFAULT-VALUE}.")
    long idleSeconds;

    private final AtomicInteger active = new AtomicInteger();
    private final java.util.Set<RequestScope> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long lastEnd = System.nanoTime();
    private volatile boolean closing;

    /** @thread main */
    @Override
    public Integer call() throws IOException {
        if (idleSeconds < 1) {
            throw new CliError("--idle must be at least 1 second, not " + idleSeconds);
        }
        Path sock = socket.toAbsolutePath();
        Path dir = sock.getParent();
        checkPrivate(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(sock.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return 0; // another server has this socket
            }
            Files.deleteIfExists(sock); // a server that died left it
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(sock));
                Object key = Files.readAttributes(sock, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
                routeStandardStreams();
                Runtime.getRuntime().addShutdownHook(new Thread(this::cancelAll, "midirack-render-server-exit"));
                Thread watch = new Thread(() -> watch(server, sock, key), "midirack-render-server-watch");
                watch.setDaemon(true);
                watch.start();
                accept(server);
                if (removeIfOurs(sock, key)) {
                    // idle or rebuilt: nothing else uses these names (a socket someone removed may have a
                    // successor already, whose log is this name again)
                    Files.deleteIfExists(dir.resolve(sock.getFileName() + ".log"));
                    Files.deleteIfExists(dir.resolve(sock.getFileName() + ".lock"));
                }
            }
        }
        while (active.get() > 0) {
            sleep(50);
        }
        return 0;
    }

    private void accept(ServerSocketChannel server) {
        int n = 0;
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return; // closing
            } catch (IOException e) {
                System.err.println("render-server: accept failed: " + e);
                return;
            }
            active.incrementAndGet();
            Thread t = new Thread(() -> serve(ch), "midirack-request-" + ++n);
            t.start();
        }
    }

    /** One client: its request, the command run in its scope, the answer. */
    private void serve(SocketChannel ch) {
        long t0 = System.nanoTime();
        RenderWire.Frames frames = new RenderWire.Frames(RenderWire.out(ch));
        try (ch) {
            DataInputStream in = new DataInputStream(RenderWire.in(ch));
            RenderWire.Request req;
            try {
                req = RenderWire.readRequest(in);
            } catch (IOException e) {
                System.err.println("render-server: refused a connection: " + e.getMessage());
                return;
            }
            if (!req.args().get(0).equals("render")) {
                byte[] msg = ("midirack render-server: serves 'render' only, not '" + req.args().get(0) + "'\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                frames.write(RenderWire.ERR, msg, 0, msg.length);
                frames.exit(2);
                return;
            }
            AsGiven out = new AsGiven(frames.stream(RenderWire.OUT));
            AsGiven err = new AsGiven(frames.stream(RenderWire.ERR));
            RequestScope scope = new RequestScope(Path.of(req.cwd()), req.terminal(), out, err);
            out.of(scope);
            err.of(scope);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread gone = new Thread(() -> {
                try {
                    while (in.read() >= 0) {
                        // the client sends nothing after its request
                    }
                } catch (IOException e) {
                    // closed
                }
                if (!done.get()) {
                    scope.cancel();
                }
            }, "midirack-request-watch");
            gone.setDaemon(true);
            running.add(scope);
            gone.start();
            int code;
            try {
                code = scope.run(() -> org.midirack.demos.Main.execute(scope.cwd(),
                        req.args().toArray(new String[0])));
            } finally {
                running.remove(scope);
            }
            done.set(true);
            // logged before the answer ends, so that a client that has its exit code finds its line
            System.err.printf(Locale.ROOT, "render-server: %s in %s: exit %d in %.2f s%s%n", req.args(), req.cwd(),
                    code, (System.nanoTime() - t0) / 1e9, scope.wasCancelled() ? " (client gone)" : "");
            frames.exit(code);
        } catch (IOException e) {
            System.err.println("render-server: " + e);
        } finally {
            lastEnd = System.nanoTime();
            active.decrementAndGet();
        }
    }

    /** Ends the server when idle too long, when its socket file is gone or replaced, or when its jar changed. */
    private void watch(ServerSocketChannel server, Path sock, Object key) {
        Path jar = jar();
        String stamp = stamp(jar);
        while (true) {
            sleep(500);
            boolean idle = active.get() == 0 && System.nanoTime() - lastEnd > idleSeconds * 1_000_000_000L;
            boolean replaced = !key.equals(fileKey(sock));
            boolean rebuilt = jar != null && !stamp.equals(stamp(jar));
            if (idle || replaced || rebuilt) {
                closing = true;
                System.err.println("render-server: exiting (" + (idle ? "idle " + idleSeconds + " s"
                        : replaced ? "socket removed" : "jar changed") + ")");
                try {
                    server.close();
                } catch (IOException e) {
                    // exiting anyway
                }
                return;
            }
        }
    }

    private void cancelAll() {
        for (RequestScope s : running) {
            s.cancel();
        }
    }

    /**
     * Standard output and error of this JVM go to the client of the calling thread's request (or to the
     * server's own, a log file, outside requests): the commands print to {@code System.out}/{@code err}.
     */
    private static void routeStandardStreams() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Routed(1, out), true));
        System.setErr(new PrintStream(new Routed(2, err), true));
    }

    private static final class Routed extends OutputStream {
        private final int fd;
        private final PrintStream own;

        Routed(int fd, PrintStream own) {
            this.fd = fd;
            this.own = own;
        }

        private OutputStream target() {
            RequestScope s = RequestScope.current();
            return s != null ? s.stream(fd) : own;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }

    /**
     * A path of a client's command line, resolved against the client's folder (a relative one; {@code -} and
     * {@code ''} stay as given); the request's output then shows it as given ({@link AsGiven}).
     * @thread a request thread of the render server (picocli's converter)
     */
    public static Path resolveForClient(Path cwd, String given) {
        if (given.isEmpty() || given.equals("-")) {
            return Path.of(given);
        }
        Path p = cwd.resolve(given);
        RequestScope s = RequestScope.current();
        if (s != null && !Path.of(given).isAbsolute()) {
            s.resolved(p.toString(), given);
        }
        return p;
    }

    /**
     * A client's output with the paths the server resolved shown as the client gave them: {@code song.mid} given
     * in {@code /home/u} became {@code /home/u/song.mid}, and a message saying {@code /home/u/song.mid} (or
     * {@code /home/u/wav/x.wav} for {@code --out-dir wav}) says {@code song.mid} ({@code wav/x.wav}) again, as a
     * render of its own says. Only those strings are replaced: a path the command computes itself (an absolute
     * folder in an error) is left as a render of its own prints it. Writes are taken one by one, in the
     * platform's charset: a path split over two writes keeps its full form.
     */
    static final class AsGiven extends OutputStream {
        private final OutputStream out;
        private volatile RequestScope scope;

        AsGiven(OutputStream out) {
            this.out = out;
        }

        /** The scope whose resolved paths to show as given (set once the scope exists). */
        void of(RequestScope s) {
            scope = s;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            RequestScope s = scope;
            java.util.List<String[]> paths = s == null ? java.util.List.of() : s.resolvedPaths();
            if (paths.isEmpty()) {
                out.write(b, off, len);
                return;
            }
            java.nio.charset.Charset cs = java.nio.charset.Charset.defaultCharset();
            String text = new String(b, off, len, cs);
            String shown = text;
            for (String[] p : paths) { // longest first: /u/wav/x.wav before /u/wav
                shown = shown.replace(p[0], p[1]);
            }
            if (shown.equals(text)) {
                out.write(b, off, len);
            } else {
                out.write(shown.getBytes(cs));
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private static void checkPrivate(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliError("the socket's folder " + dir + " is not a folder");
        }
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me) || !perms.equals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE))) {
            throw new CliError("the socket's folder " + dir + " must be " + me + "'s alone (mode 700); it is "
                    + owner + "'s, " + java.nio.file.attribute.PosixFilePermissions.toString(perms));
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the socket file if it is still the one this server bound; whether it did. */
    private static boolean removeIfOurs(Path sock, Object key) {
        try {
            return key.equals(fileKey(sock)) && Files.deleteIfExists(sock);
        } catch (IOException e) {
            return false; // the next server deletes it
        }
    }

    /** The jar this class came from; null when run from classes (tests). */
    private static Path jar() {
        try {
            Path p = Path.of(RenderServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String stamp(Path jar) {
        if (jar == null) {
            return "";
        }
        try {
            return Files.size(jar) + "." + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "gone";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
