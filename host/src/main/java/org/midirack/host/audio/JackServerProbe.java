package org.midirack.host.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a JACK server of a name may be running, told without calling libjack: by the socket the
 * server listens on. libjack's {@code jack_client_open} with no server prints five lines of its own
 * to standard error from C ({@code Cannot connect to server socket err = No such file or
 * directory}, ...), which nothing in Java can keep off the terminal but a callback from libjack
 * into the JVM. So {@link AudioOutputJack} looks for the socket first and, when there is none,
 * reports "no JACK server" without loading or calling libjack at all.
 *
 * <p>Why this is safe: it is a file lookup; nothing is registered with libjack, so no native thread
 * ever calls into the JVM (the error-callback approach could call a JNA callback from libjack's
 * threads during client teardown or JVM exit, the crossing that made teardown hang before). A
 * wrong answer can only go one way: where a socket exists (or this code does not know where to
 * look) libjack is asked as before and answers for itself; only where none of the places JACK puts
 * its server socket holds one is libjack skipped. The places, from JACK's sources: jack2 (Linux)
 * binds {@code /dev/shm/jack_<server>_<uid>_0} ({@code jack_<server>_0} with
 * {@code JACK_PROMISCUOUS_SERVER} set; '/' and '\' in the name written as '_'); jack1 uses the
 * directory {@code <tmpdir>/jack-<uid>/<server>/} with tmpdir {@code /dev/shm} or {@code /tmp}.
 * Setting the system property {@code midirack.jack.probe=off} (the command line's {@code --debug}
 * does) asks libjack always, so its own lines show.
 */
public final class JackServerProbe {
    private JackServerProbe() {
    }

    /**
     * The server name libjack connects to when none is given: {@code JACK_DEFAULT_SERVER}, else
     * {@code default}.
     * @thread any
     */
    public static String defaultServerName() {
        String env = System.getenv("JACK_DEFAULT_SERVER");
        return env == null || env.isEmpty() ? "default" : env;
    }

    /**
     * Whether a server of this name may be running: false only when this is Linux, the probe is
     * on, and none of the paths of {@link #socketPaths} exists.
     * @param server the server name ({@code jackd -n}), or null for {@link #defaultServerName()}
     * @thread any
     */
    public static boolean mayBeRunning(String server) {
        if ("off".equals(System.getProperty("midirack.jack.probe"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return true;
        }
        for (Path p : socketPaths(server == null ? defaultServerName() : server)) {
            if (Files.exists(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The paths where a running server of this name has its socket (jack2) or directory (jack1),
     * for this process's user.
     * @thread any
     */
    public static List<Path> socketPaths(String server) {
        String name = server.replace('/', '_').replace('\\', '_');
        List<Path> paths = new ArrayList<>();
        String uid = uid();
        if (System.getenv("JACK_PROMISCUOUS_SERVER") != null) {
            paths.add(Path.of("/dev/shm", "jack_" + name + "_0"));
        }
        if (uid != null) {
            paths.add(Path.of("/dev/shm", "jack_" + name + "_" + uid + "_0"));
            paths.add(Path.of("/dev/shm", "jack-" + uid, server));
            paths.add(Path.of("/tmp", "jack-" + uid, server));
        } else {
            // no uid known: this cannot tell, so libjack is asked (/dev/shm exists)
            paths.add(Path.of("/dev/shm"));
        }
        return paths;
    }

    /** This process's user id, from /proc, or null. */
    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
