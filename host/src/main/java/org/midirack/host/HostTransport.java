package org.midirack.host;

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
final class HostTransport {
    static final int PLAY = 1;
    static final int STOP = 2;
    static final int TOGGLE_PLAY = 3;
    static final int REWIND = 4;
    static final int RECORD = 5;
    static final int TOGGLE_RECORD = 6;
    static final int TEMPO = 7;
    static final int LOCATE = 8;
    static final int PLAY_FROM = 9;
    static final int TIME_SIG = 10;
    static final int LOOP = 11;

    record Command(int op, double a, double b, double c) {
    }

    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();

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
    void command(int op, double a, double b, double c) {
        commands.offer(new Command(op, a, b, c));
    }

    /** @thread main (no cycle running) */
    void setSampleRate(double sr) {
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
    void begin(int frames, int remoteBits, TransportState t) {
        Command c;
        while ((c = commands.poll()) != null) {
            apply(c.op(), c.a(), c.b(), c.c());
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
    void end(int frames) {
        position += frames;
    }

    /** @thread render */
    long position() {
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
    double beat() {
        return publishedBeat;
    }

    /** @thread any */
    boolean playing() {
        return publishedPlaying;
    }

    /** @thread any */
    boolean recording() {
        return publishedRecording;
    }

    /** @thread any */
    double tempo() {
        return publishedTempo;
    }
}
