package org.midirack.demos.gui;

import java.util.Locale;

import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;
import org.midirack.host.HostStatistics;
import org.midirack.host.audio.AudioSession;

/**
 * The transport panel's model: the transport the nodes saw in the last cycle (a
 * {@link TransportProbe} on the host), the render thread's load and the event counters of
 * {@link HostStatistics}, and the audio output's state, read by {@link #poll} (the window calls
 * it from a {@code javax.swing.Timer} every {@value #POLL_MILLIS} ms on the event thread); the
 * buttons' actions go to the engine through {@link DemoHostSession}. Nothing here reads the render
 * thread's data other than through the host's any-thread API.
 */
public final class TransportModel {
    /** How often the window polls, in milliseconds. */
    public static final int POLL_MILLIS = 30;
    /** Ticks per quarter note in bar:beat:tick. */
    public static final int PPQ = 480;

    /** What the panel shows, all of it from one poll. */
    public record View(boolean playing, boolean recording, double tempo, int timeSigNumerator, int timeSigDenominator,
                       double beat, String position, String time, boolean loopActive, String loop, double maxLoad,
                       double meanLoad, long underruns, long lateEvents, long droppedEvents, String device) {
    }

    private final DemoHostSession session;
    private TransportProbe probe;
    private Host probed;

    /** @thread EDT (or the test's thread) */
    public TransportModel(DemoHostSession session) {
        this.session = session;
        attach();
    }

    /** Puts the probe on the session's host (again after a session load swapped the host). */
    private void attach() {
        Host h = session.host();
        if (h != probed) {
            if (probed != null) {
                probed.removeCycleListener(probe);
            }
            probe = new TransportProbe();
            h.addCycleListener(probe);
            probed = h;
        }
    }

    /**
     * Reads the transport of the last cycle and the figures.
     * @return the view, or null before the host's first cycle with the probe on
     * @thread EDT
     */
    public View poll() {
        attach();
        TransportProbe.Snapshot t = probe.read();
        if (t == null) {
            return null;
        }
        HostStatistics st = probed.statistics();
        double[] load = session.load();
        AudioSession a = session.audio();
        String device = a.isOnDevice() ? session.outputKind() + ": " + a.info()
                : "device lost" + (a.lastFailure() != null ? " (" + a.lastFailure() + ")" : "")
                + ": playing on the null output, retrying";
        return new View(t.playing(), t.recording(), t.tempo(), t.timeSigNumerator(), t.timeSigDenominator(), t.beat(),
                position(t.beat(), t.timeSigNumerator(), t.timeSigDenominator()),
                time(Math.round(session.songSeconds() * t.sampleRate()), t.sampleRate()), t.loopActive(),
                t.loopActive() ? String.format(Locale.ROOT, "beats %.2f to %.2f", t.loopStartBeat(), t.loopEndBeat())
                        : "off",
                load[0], load[1], a.underruns(), st.lateEvents(), st.droppedEvents(), device);
    }

    /**
     * Bar:beat:tick of a beat (quarter notes from the song's start) under a time signature: bars
     * and beats counted from 1, the beat being the signature's denominator note, {@value #PPQ}
     * ticks per quarter; before the song's start, {@code pre-roll} and the (negative) beat.
     * @thread any
     */
    public static String position(double beat, int numerator, int denominator) {
        if (beat < 0) {
            return String.format(Locale.ROOT, "pre-roll %.3f", beat);
        }
        double unit = 4.0 / denominator;
        long ticks = (long) Math.floor(beat * PPQ + 1e-6);
        long ticksPerUnit = Math.round(unit * PPQ);
        long ticksPerBar = ticksPerUnit * numerator;
        long bar = ticks / ticksPerBar + 1;
        long inBar = ticks % ticksPerBar;
        return String.format(Locale.ROOT, "%03d:%d:%03d", bar, inBar / ticksPerUnit + 1, inBar % ticksPerUnit);
    }

    /** m:ss.mmm of a frame position (the song's: the panel shows time into the song). @thread any */
    public static String time(long samplePosition, double sampleRate) {
        long ms = (long) Math.floor(Math.max(0, samplePosition) * 1000.0 / sampleRate);
        return String.format(Locale.ROOT, "%d:%02d.%03d", ms / 60000, ms / 1000 % 60, ms % 1000);
    }

    // ------------------------------------------------------------------ actions

    /** Play or stop. @thread EDT */
    public void togglePlay() {
        session.setPlaying(!session.playing());
    }

    /** @thread EDT */
    public void rewind() {
        session.rewind();
    }

    /** @thread EDT */
    public void setTempo(double bpm) {
        session.setTempo(bpm);
    }

    /** Loop bars from..to (4/4), or off with from 0. @thread EDT */
    public void setLoop(int from, int to) {
        session.setLoop(from, to);
    }

    /** The tempo override (BPM), or -1 for the files' own. @thread EDT */
    public double tempoOverride() {
        return session.tempoOverride();
    }

    /** The loop's bars {from, to}, {0, 0} when off. @thread EDT */
    public int[] loopBars() {
        return session.loopBars();
    }

    /** The time signature the nodes get from the next cycle. @thread EDT */
    public void setTimeSignature(int numerator, int denominator) {
        session.host().transport().setTimeSignature(numerator, denominator);
    }

    /** @return whether it records now @thread EDT */
    public boolean toggleRecord() {
        return session.toggleRecord();
    }
}
