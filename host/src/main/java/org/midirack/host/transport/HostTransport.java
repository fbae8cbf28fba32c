package org.midirack.host.transport;

import org.midirack.core.RemoteRequest;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import org.midirack.core.sync.HostSync;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The host's transport engine. Commands come from any thread through a lock-free queue (the
 * command object is made by the caller) and act at the next cycle boundary. The beat is computed
 * from the sample position and an anchor (beat, frame) that moves only on a relocation, a tempo
 * change or a loop wrap, so nothing accumulates and nothing drifts.
 */
public final class HostTransport {
    public static final int PLAY = 1;
    public static final int STOP = 2;
    public static final int TOGGLE_PLAY = 3;
    public static final int REWIND = 4;
    public static final int RECORD = 5;
    public static final int TOGGLE_RECORD = 6;
    public static final int TEMPO = 7;
    public static final int LOCATE = 8;
    public static final int PLAY_FROM = 9;
    public static final int TIME_SIG = 10;
    public static final int LOOP = 11;

    record Command(int op, double a, double b, double c) {
    }

    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    private volatile ClockFollower follower;
    private boolean followerPlaying;

    // render thread
    private double sampleRate = 48_000;
    private boolean playing;
    private boolean recording;
    private boolean wasPlaying;
    private boolean wasRecording;
    private double tempo = 120;
    private double anchorBeat;
    private long anchorFrame;
    private int sigNum = 4;
    private int sigDen = 4;
    private double sigOrigin;
    private boolean loopOn;
    private double loopStart;
    private double loopEnd;
    private long position;

    // published for other threads
    private volatile double publishedBeat;
    private volatile boolean publishedPlaying;
    private volatile boolean publishedRecording;
    private volatile double publishedTempo = 120;

    /** @thread any */
    public void command(int op, double a, double b, double c) {
        ClockFollower f = follower;
        if (f != null && (op == PLAY || op == PLAY_FROM || op == STOP || op == TOGGLE_PLAY)
                && f.offerPlaying(op == PLAY || op == PLAY_FROM || (op == TOGGLE_PLAY && !publishedPlaying))) {
            return; // the clock plays and stops the transport
        }
        commands.offer(new Command(op, a, b, c));
    }

    /**
     * Changes the tempo at the next cycle boundary (the beat there is kept).
     * @throws IllegalArgumentException outside 1..1000 BPM
     * @thread any
     */
    public void setTempo(double bpm) {
        if (!(bpm >= 1 && bpm <= 1000)) {
            throw new IllegalArgumentException("tempo " + bpm + " BPM not in 1..1000");
        }
        ClockFollower f = follower;
        if (f == null || !f.offerTempo(bpm)) {
            command(TEMPO, bpm, 0, 0);
        }
    }

    /** Moves to a beat (or plays from it) at the next cycle. @thread any */
    public void locate(double beat, boolean play) {
        requireFinite(beat, "beat");
        command(play ? PLAY_FROM : LOCATE, beat, 0, 0);
    }

    /**
     * Changes the time signature at the next cycle.
     * @throws IllegalArgumentException for a numerator outside 1..64 or a denominator not a power of two 1..64
     * @thread any
     */
    public void setTimeSignature(int numerator, int denominator) {
        if (numerator < 1 || numerator > 64 || denominator < 1 || denominator > 64 || Integer.bitCount(denominator) != 1) {
            throw new IllegalArgumentException("time signature " + numerator + "/" + denominator
                    + ": numerator must be 1..64 and denominator a power of two 1..64");
        }
        command(TIME_SIG, numerator, denominator, 0);
    }

    /**
     * Sets the cycle (loop) region at the next cycle.
     * @throws IllegalArgumentException when end is not after start
     * @thread any
     */
    public void setLoop(boolean active, double startBeat, double endBeat) {
        requireFinite(startBeat, "loop start");
        requireFinite(endBeat, "loop end");
        if (endBeat <= startBeat) {
            throw new IllegalArgumentException("loop end beat " + endBeat + " must be after start beat " + startBeat);
        }
        command(LOOP, startBeat, endBeat, active ? 1 : 0);
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " " + v + " is not a finite number");
        }
    }

    /**
     * Follows an outside clock from the next cycle on: its tempo, and play (from its beat) and
     * stop when it starts and stops; null stops following. Commands still act in between.
     * @thread any
     */
    public void follow(ClockFollower clock) {
        this.follower = clock;
    }

    /** @thread main (no cycle running) */
    public void setSampleRate(double sr) {
        this.sampleRate = sr;
    }

    private double beatAt(long frame) {
        if (!playing) {
            return anchorBeat;
        }
        return anchorBeat + (frame - anchorFrame) * HostSync.beatsPerFrame(tempo, sampleRate);
    }

    private void anchorHere() {
        anchorBeat = beatAt(position);
        anchorFrame = position;
    }

    /**
     * Applies pending commands and remote requests, then fills {@code t} for a cycle.
     * @thread render
     */
    public void begin(int frames, int remoteBits, TransportState t) {
        Command c;
        while ((c = commands.poll()) != null) {
            apply(c.op(), c.a(), c.b(), c.c());
        }
        ClockFollower f = follower;
        if (f != null) {
            double bpm = f.tempo(frames);
            if (bpm >= 1 && bpm <= 1000 && bpm != tempo) {
                apply(TEMPO, bpm, 0, 0);
            }
            boolean p = f.playing();
            if (p != followerPlaying) {
                followerPlaying = p;
                if (p) {
                    apply(PLAY_FROM, f.startBeat(), 0, 0);
                } else {
                    apply(STOP, 0, 0, 0);
                }
            }
            double jump = f.relocation();
            if (jump == jump) {
                apply(LOCATE, jump, 0, 0);
            } else {
                double b = f.beat(frames);
                if (playing && b == b && Math.abs(b - beatAt(position)) > 1e-6) {
                    apply(LOCATE, b, 0, 0);
                }
            }
        }
        if (remoteBits != 0) {
            if (RemoteMailbox.has(remoteBits, RemoteRequest.REWIND)) {
                apply(REWIND, 0, 0, 0);
            }
            if (RemoteMailbox.has(remoteBits, RemoteRequest.TOGGLE_PLAY)) {
                apply(TOGGLE_PLAY, 0, 0, 0);
            }
            if (RemoteMailbox.has(remoteBits, RemoteRequest.TOGGLE_RECORD)) {
                apply(TOGGLE_RECORD, 0, 0, 0);
            }
        }
        double beat = beatAt(position);
        if (playing && loopOn && loopEnd > loopStart && anchorBeat < loopEnd && beat >= loopEnd) {
            double len = loopEnd - loopStart;
            beat = loopStart + (beat - loopEnd) % len;
            anchorBeat = beat;
            anchorFrame = position;
        }
        boolean changed = playing != wasPlaying || recording != wasRecording;
        wasPlaying = playing;
        wasRecording = recording;
        t.set(sampleRate, frames, tempo, beat, position);
        t.setState(playing, recording, changed);
        t.setTimeSignature(sigNum, sigDen, HostSync.barStart(beat, HostSync.beatsPerBar(sigNum, sigDen), sigOrigin));
        t.setLoop(loopOn, loopStart, loopEnd);
        t.setAvailable(true);
        publishedBeat = beat;
        publishedPlaying = playing;
        publishedRecording = recording;
        publishedTempo = tempo;
    }

    /** @thread render */
    public void end(int frames) {
        position += frames;
    }

    /** @thread render */
    public long position() {
        return position;
    }

    private void apply(int op, double a, double b, double c) {
        switch (op) {
            case PLAY -> {
                if (!playing) {
                    anchorFrame = position;
                    playing = true;
                }
            }
            case STOP -> {
                if (playing) {
                    anchorHere();
                    playing = false;
                }
            }
            case TOGGLE_PLAY -> apply(playing ? STOP : PLAY, 0, 0, 0);
            case REWIND -> {
                anchorBeat = 0;
                anchorFrame = position;
            }
            case RECORD -> recording = a != 0;
            case TOGGLE_RECORD -> recording = !recording;
            case TEMPO -> {
                anchorHere();
                tempo = a;
            }
            case LOCATE -> {
                anchorBeat = a;
                anchorFrame = position;
            }
            case PLAY_FROM -> {
                anchorBeat = a;
                anchorFrame = position;
                playing = true;
            }
            case TIME_SIG -> {
                double beat = beatAt(position);
                sigOrigin = HostSync.barStart(beat, HostSync.beatsPerBar(sigNum, sigDen), sigOrigin);
                if (sigOrigin < beat - 1e-9) {
                    sigOrigin += HostSync.beatsPerBar(sigNum, sigDen); // new bars start at the next bar line
                }
                sigNum = (int) a;
                sigDen = (int) b;
            }
            case LOOP -> {
                loopOn = c != 0;
                loopStart = a;
                loopEnd = b;
            }
            default -> {
            }
        }
    }

    /** @thread any */
    public double beat() {
        return publishedBeat;
    }

    /** @thread any */
    public boolean playing() {
        return publishedPlaying;
    }

    /** @thread any */
    public boolean recording() {
        return publishedRecording;
    }

    /** @thread any */
    public double tempo() {
        return publishedTempo;
    }
}
