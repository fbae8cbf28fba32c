package org.midirack.demos.cli;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command asks of "its process" when the process is the render server ({@link RenderServer}) and the
 * command runs for one client among others: the client's folder (relative paths resolve against it), whether
 * the client's standard error is a terminal, where its standard output and error go, and what runs when the
 * client goes away (the shutdown hooks a command run as its own process would register).
 *
 * <p>The scope belongs to the thread that runs the request and to every thread it starts (an
 * {@link InheritableThreadLocal}: the batch workers and the Gervill split's workers are created by that thread).
 * Outside the server there is no scope and every method answers as the process itself would: the JVM's
 * folder, {@code System.console()}, {@code Runtime} shutdown hooks.
 */
final class RequestScope {

    private static final InheritableThreadLocal<RequestScope> CURRENT = new InheritableThreadLocal<>();

    private final Path cwd;
    private final boolean terminal;
    private final OutputStream out;
    private final OutputStream err;
    private final List<Thread> hooks = new ArrayList<>();
    private boolean cancelled;
    private volatile List<String[]> resolved = List.of();

    RequestScope(Path cwd, boolean terminal, OutputStream out, OutputStream err) {
        this.cwd = cwd;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    /** The scope of the calling thread, null outside the render server. @thread any */
    static RequestScope current() {
        return CURRENT.get();
    }

    /**
     * Runs {@code body} in this scope on the calling thread (and the threads it starts), then leaves it.
     * @thread a request thread of the render server
     */
    int run(java.util.function.IntSupplier body) {
        CURRENT.set(this);
        try {
            return body.getAsInt();
        } finally {
            CURRENT.remove();
        }
    }

    /** The client's folder. @thread any */
    Path cwd() {
        return cwd;
    }

    /** Where the client's standard output (1) or error (2) goes. @thread any */
    OutputStream stream(int fd) {
        return fd == 1 ? out : err;
    }

    /**
     * Records that the command line's {@code given} (relative) path was resolved to {@code full}, for
     * {@link RenderServer.AsGiven}.
     * @thread the request thread (parsing)
     */
    synchronized void resolved(String full, String given) {
        List<String[]> next = new ArrayList<>(resolved);
        next.add(new String[] {full, given});
        next.sort((a, b) -> Integer.compare(b[0].length(), a[0].length()));
        resolved = List.copyOf(next);
    }

    /** The resolved paths, {full, given}, longest first. @thread any */
    List<String[]> resolvedPaths() {
        return resolved;
    }

    /** Whether the command runs on a terminal: the client's, or this process's. @thread any */
    static boolean onTerminal() {
        RequestScope s = CURRENT.get();
        return s != null ? s.terminal : System.console() != null;
    }

    /**
     * Registers what must run if the command's process is stopped (SIGINT/SIGTERM) or, in the server, its
     * client goes away. In the server a hook registered after the client went away runs at once.
     * @thread any
     */
    static void addExitHook(Thread hook) {
        RequestScope s = CURRENT.get();
        if (s == null) {
            Runtime.getRuntime().addShutdownHook(hook);
            return;
        }
        boolean now;
        synchronized (s.hooks) {
            now = s.cancelled;
            if (!now) {
                s.hooks.add(hook);
            }
        }
        if (now) {
            hook.run();
        }
    }

    /** Unregisters a hook of {@link #addExitHook}; false when it already ran or is running. @thread any */
    static boolean removeExitHook(Thread hook) {
        RequestScope s = CURRENT.get();
        if (s == null) {
            try {
                return Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return false; // shutting down
            }
        }
        synchronized (s.hooks) {
            return s.hooks.remove(hook);
        }
    }

    /** Whether the command's client went away (always false outside the server). @thread any */
    static boolean cancelled() {
        RequestScope s = CURRENT.get();
        if (s == null) {
            return false;
        }
        synchronized (s.hooks) {
            return s.cancelled;
        }
    }

    /** Whether this scope's client went away. @thread any */
    boolean wasCancelled() {
        synchronized (hooks) {
            return cancelled;
        }
    }

    /**
     * The client went away: marks the scope cancelled and runs its hooks, as the JVM runs shutdown hooks.
     * @thread the server's watcher of this request
     */
    void cancel() {
        List<Thread> run;
        synchronized (hooks) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            run = new ArrayList<>(hooks);
            hooks.clear();
        }
        for (Thread h : run) {
            try {
                h.run();
            } catch (RuntimeException e) {
                // as a shutdown hook's failure: the others still run
            }
        }
    }
}
