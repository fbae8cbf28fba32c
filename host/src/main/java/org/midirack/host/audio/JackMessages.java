package org.midirack.host.audio;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * libjack's own messages ("Cannot connect to server socket ...", "jack server is not running or
 * cannot be started", shared-memory notes) go to stderr through libjack's error and info
 * functions, before the one line midirack prints about a missing JACK server. This class points
 * both functions at a callback of ours: by default it drops them (midirack says what went wrong
 * in its own line); {@link #show(boolean) show(true)} (the command line's {@code --debug}) prints
 * them to stderr prefixed {@code libjack: }. Installed once, before the first JACK client opens,
 * through the JNA library jnajack loads (libjack's functions are process-wide).
 */
public final class JackMessages {
    /** libjack's {@code void (*)(const char *)}. */
    interface MessageFunction extends Callback {
        void invoke(String message);
    }

    private static volatile boolean shown;
    private static boolean installed;
    /** Held for the life of the process: libjack keeps the pointer, so the callback must never be collected. */
    private static final MessageFunction CALLBACK = message -> {
        if (shown) {
            System.err.println("libjack: " + message);
        }
    };

    private JackMessages() {
    }

    /**
     * Whether libjack's own messages reach stderr (default: not).
     * @thread main
     */
    public static void show(boolean on) {
        shown = on;
    }

    /**
     * Points libjack's error and info functions at {@link #CALLBACK}; does nothing when libjack
     * cannot be loaded (opening JACK then fails with midirack's own message).
     * @thread main (before opening a JACK client)
     */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        NativeLibrary lib = load();
        if (lib == null) {
            return;
        }
        try {
            Function error = lib.getFunction("jack_set_error_function");
            Function info = lib.getFunction("jack_set_info_function");
            error.invokeVoid(new Object[] {CALLBACK});
            info.invokeVoid(new Object[] {CALLBACK});
        } catch (UnsatisfiedLinkError e) {
            // a libjack without these functions: its messages stay where they were
        }
    }

    private static NativeLibrary load() {
        for (String name : new String[] {"jack", "libjack.so.0"}) {
            try {
                return NativeLibrary.getInstance(name);
            } catch (UnsatisfiedLinkError e) {
                // try the next name
            }
        }
        return null;
    }
}
