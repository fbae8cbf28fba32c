package org.midirack.host.midi;

import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import org.midirack.core.sync.RelocationDetector;

/**
 * Sends MIDI clock that follows the host transport: 24 clocks per quarter note on the exact frame
 * of each 1/24 beat, Start (0xFA) when play begins at beat 0 (or in pre-roll before it), Song
 * Position Pointer (0xF2) plus Continue (0xFB) when play begins elsewhere, Stop (0xFC) when play
 * stops, and Stop + Song Position Pointer + Continue on a relocation (rewind, loop wrap, jump).
 * After a Continue the first clock falls on the sixteenth note the pointer names, as receivers
 * expect. Optionally keeps sending clocks at the tempo while stopped, so gear can show the tempo.
 *
 * <p>All work happens in {@link #process} on the render thread, into an {@link MidiOutputRoute}
 * ring: no allocation, lock or exception.
 */
public final class MidiClockOut {
    /** Clocks per quarter note. */
    public static final int PPQ = 24;
    /** Tolerance in frames (and sixteenths) against rounding of accumulated beats. */
    private static final double EPS = 1e-6;

    private final MidiOutputRoute out;
    private final RelocationDetector relocation = new RelocationDetector();
    private volatile boolean clockWhenStopped;
    private boolean wasPlaying;
    private double nextTickBeat;
    private double stoppedPhase;
    private volatile long ticks;
    private volatile long starts;
    private volatile long continues;
    private volatile long stops;
    private volatile long pointers;

    /**
     * Clock into the given output route.
     * @thread main
     */
    public MidiClockOut(MidiOutputRoute out) {
        if (out == null) {
            throw new IllegalArgumentException("clock output needs an output route, was null");
        }
        this.out = out;
    }

    /**
     * Whether clocks keep running at the transport tempo while stopped (default false).
     * @thread any
     */
    public MidiClockOut clockWhenStopped(boolean on) {
        this.clockWhenStopped = on;
        return this;
    }

    /**
     * Emits this cycle's clock messages; {@code cycleStart} is the cycle's first frame on the clock
     * fed to {@link MidiRouter#beginCycle} (call that first).
     * @thread render
     */
    public void process(Transport t, long cycleStart) {
        boolean relocated = relocation.update(t);
        boolean playing = t.playing() && t.available();
        int frames = Math.max(1, t.frames());
        if (!playing) {
            if (wasPlaying) {
                send(cycleStart, 0xFC, 0, 0);
                stops++;
            }
            wasPlaying = false;
            if (clockWhenStopped) {
                double ticksPerFrame = PPQ * HostSync.beatsPerFrame(t.tempo(), t.sampleRate());
                // ticks fall where the phase crosses an integer
                double phase = stoppedPhase;
                double first = Math.ceil(phase - EPS);
                for (double k = first; ; k++) {
                    double f = Math.ceil((k - phase) / ticksPerFrame - EPS);
                    if (f >= frames) {
                        break;
                    }
                    send(cycleStart + (long) f, 0xF8, 0, 0);
                    ticks++;
                }
                stoppedPhase = phase + frames * ticksPerFrame;
                stoppedPhase -= Math.floor(stoppedPhase);
            }
            return;
        }
        if (!wasPlaying) {
            resume(t.beat(), cycleStart, false);
        } else if (relocated) {
            resume(t.beat(), cycleStart, true);
        }
        wasPlaying = true;
        int wrap = HostSync.loopWrapFrame(t);
        int end = wrap >= 0 ? wrap : frames;
        emitTicks(t.beat(), t, cycleStart, 0, end);
        if (wrap >= 0) {
            double beatAtWrap = HostSync.beatAtFrame(t, wrap);
            resume(beatAtWrap, cycleStart + wrap, true);
            emitTicks(beatAtWrap, t, cycleStart, wrap, frames);
        }
    }

    private void emitTicks(double beatAtFrom, Transport t, long cycleStart, int from, int to) {
        double fpb = HostSync.framesPerBeat(t.tempo(), t.sampleRate());
        if (nextTickBeat < beatAtFrom - 0.5 / PPQ) {
            // the host moved on without a detectable relocation: continue from here
            nextTickBeat = Math.ceil(beatAtFrom * PPQ - EPS) / PPQ;
        }
        while (true) {
            double exact = (nextTickBeat - beatAtFrom) * fpb;
            double f = Math.max(0, Math.ceil(exact - EPS));
            if (from + f >= to) {
                break;
            }
            send(cycleStart + from + (long) f, 0xF8, 0, 0);
            ticks++;
            nextTickBeat = (Math.rint(nextTickBeat * PPQ) + 1) / PPQ;
        }
    }

    private void resume(double beat, long frame, boolean relocation) {
        if (relocation) {
            send(frame, 0xFC, 0, 0);
            stops++;
        }
        double sixteenth = Math.max(0, Math.ceil(beat * 4 - EPS));
        nextTickBeat = sixteenth / 4;
        if (sixteenth == 0 && !relocation) {
            send(frame, 0xFA, 0, 0);
            starts++;
        } else {
            int spp = (int) Math.min(16383, sixteenth);
            send(frame, 0xF2, spp & 0x7F, spp >> 7);
            pointers++;
            send(frame, 0xFB, 0, 0);
            continues++;
        }
    }

    private void send(long frame, int status, int d1, int d2) {
        out.send(frame, status, d1, d2);
    }

    /** Clocks (0xF8) emitted. @thread any */
    public long ticks() {
        return ticks;
    }

    /** Starts (0xFA) emitted. @thread any */
    public long starts() {
        return starts;
    }

    /** Continues (0xFB) emitted. @thread any */
    public long continues() {
        return continues;
    }

    /** Stops (0xFC) emitted. @thread any */
    public long stops() {
        return stops;
    }

    /** Song position pointers (0xF2) emitted. @thread any */
    public long pointers() {
        return pointers;
    }
}
