package org.midirack.demos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.AudioOutputJavaSound;

/**
 * Finds the real-time audio output. The environment variable {@code MIDIRACK_AUDIO} (or the system
 * property {@code midirack.audio}) may say {@code none} (behave as on a machine without audio
 * output), {@code javasound} or {@code jack}; otherwise Java Sound's default is tried, then JACK.
 */
public final class Outputs {
    private Outputs() {
    }

    /** What the environment forces: "none", "javasound", "jack" or null. @thread any */
    public static String forced() {
        String v = System.getProperty("midirack.audio");
        if (v == null || v.isBlank()) {
            v = System.getenv("MIDIRACK_AUDIO");
        }
        if (v == null || v.isBlank() || v.equalsIgnoreCase("auto")) {
            return null;
        }
        return v.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Opens an output: {@code kind} "javasound", "jack", "null" (no sound, paced by the clock) or
     * null (the default: Java Sound, then JACK).
     * @return the opened output, or null when none can be opened; {@code why} collects the reasons
     * @thread main
     */
    public static AudioOutput open(String kind, AudioOutputConfig config, List<String> why) {
        String f = forced();
        if ("none".equals(f) && !"null".equals(kind)) {
            why.add("audio output disabled by MIDIRACK_AUDIO=none");
            return null;
        }
        String k = kind != null ? kind : f;
        List<String> order = new ArrayList<>();
        if (k == null) {
            order.add("javasound");
            order.add("jack");
        } else {
            order.add(k);
        }
        for (String o : order) {
            AudioOutput out;
            if (o.equals("javasound")) {
                if (AudioOutputJavaSound.playbackMixerNames().isEmpty()) {
                    why.add("Java Sound: no playback device");
                    continue;
                }
                out = new AudioOutputJavaSound();
            } else if (o.equals("jack")) {
                out = new AudioOutputJack();
            } else if (o.equals("null")) {
                out = new org.midirack.host.audio.AudioOutputNull();
            } else {
                why.add("unknown output '" + o + "'");
                continue;
            }
            try {
                out.open(config);
                return out;
            } catch (AudioOutputException | RuntimeException | LinkageError e) {
                why.add(e.getMessage());
                out.close();
            }
        }
        return null;
    }

    /**
     * Opens an output as {@link #open} does, or else the null output (no sound, clock-paced), which is said in
     * one line on {@code say}: the demo host runs either way.
     * @thread main
     */
    static AudioOutput openOrNull(String kind, AudioOutputConfig config, java.io.PrintStream say) {
        List<String> why = new ArrayList<>();
        AudioOutput probe = open(kind, config, why);
        if (probe != null) {
            return probe;
        }
        say.println("no audio output (" + String.join("; ", why) + "): running on the null output (no sound)");
        probe = new org.midirack.host.audio.AudioOutputNull();
        try {
            probe.open(config);
        } catch (AudioOutputException e) {
            throw new CliError(e.getMessage(), e);
        }
        return probe;
    }

    /** The kind of an output: "javasound", "jack" or "null". @thread any */
    static String kindOf(AudioOutput out) {
        if (out instanceof AudioOutputJack) {
            return "jack";
        }
        if (out instanceof AudioOutputJavaSound) {
            return "javasound";
        }
        return "null";
    }

    /** A new, unopened output of a kind ("javasound", "jack", anything else: null). @thread any */
    static AudioOutput create(String kind) {
        switch (kind) {
            case "jack": return new AudioOutputJack();
            case "javasound": return new AudioOutputJavaSound();
            default: return new org.midirack.host.audio.AudioOutputNull();
        }
    }

    /**
     * Names of the audio outputs present: Java Sound playback mixers and a running JACK server.
     * @thread main
     */
    public static List<String> list() {
        List<String> names = new ArrayList<>();
        if ("none".equals(forced())) {
            return names;
        }
        try {
            for (String m : AudioOutputJavaSound.playbackMixerNames()) {
                names.add("javasound: " + m);
            }
        } catch (RuntimeException | LinkageError e) {
            // no Java Sound: nothing to list
        }
        AudioOutputJack jack = new AudioOutputJack("midirack-probe", null, false);
        try {
            var info = jack.open(AudioOutputConfig.DEFAULT);
            String server = org.midirack.host.audio.JackServerProbe.defaultServerName();
            names.add("jack: " + (server.equals("default") ? "default server" : "server '" + server + "'") + " ("
                    + (long) info.sampleRate() + " Hz, " + info.bufferFrames() + " frames)");
        } catch (AudioOutputException | RuntimeException | LinkageError e) {
            // no JACK server
        } finally {
            jack.close();
        }
        return names;
    }
}
