package org.midirack.host.link;

import java.util.function.LongSupplier;
import org.midirack.host.transport.ClockFollower;

/**
 * The host transport following a Link session (seed 004): at the top of every cycle, the beat is
 * the session's beat at the host time when the cycle's first frame reaches the output (the frame's
 * place on a frame-to-host-time line: the earliest any cycle started for its frames, which a late
 * cycle hardly moves; plus the output latency), counted from the bar of the
 * quantum at which the session started playing, so playback starts on the next bar and stays in
 * phase with every peer. Small differences are closed smoothly through the tempo (a tenth of the
 * error per cycle, at most 2 %); a difference of more than 10 ms (or a cycle, when longer) either
 * way relocates (cycle-start jitter of a paced output is not a jump).
 * Tempo and play/stop asked of the host go to the session, and come back from it.
 * <p>The render thread reads the session's published {@link LinkState} (one volatile read) and
 * computes with primitives only: nothing here allocates, locks or blocks on the render thread.
 */
public final class LinkClock implements ClockFollower {
    /** A 4/4 bar. */
    public static final double DEFAULT_QUANTUM = 4;
    private static final double CORRECTION_PER_CYCLE = 0.1;
    private static final double MAX_CORRECTION = 0.02;
    /** A cycle starting this much later than the frame line says is late, not a new line. */
    private static final double LATE_MICROS = 50_000;
    /** Differences up to this (or a cycle, when longer) are closed smoothly, larger ones jump. */
    private static final double RELOCATE_SECONDS = 0.01;

    private final LinkSession session;
    private final LongSupplier hostMicros;
    private final double sampleRate;
    private volatile double quantum;
    private volatile long latencyMicros;

    // render thread
    private long position;
    private double offsetMicros;
    private boolean haveOffset;
    private int lateCycles;
    private boolean playing;
    private boolean startPending;
    private long originMicroBeats;
    private double beat;
    private double bpmOut = 120;
    private int lastFrames;

    // status, written by the render thread
    private volatile double lastPhase;
    private volatile double lastErrorMs;
    private volatile long relocations;

    /**
     * Follows {@code session} at {@code sampleRate}, the output {@code latencyMicros} after a
     * cycle's start, reading host time from {@code hostMicros} (normally
     * {@link LinkSession#hostMicros()}).
     * @thread main
     */
    public LinkClock(LinkSession session, double quantum, double sampleRate, long latencyMicros,
                     LongSupplier hostMicros) {
        if (!(quantum > 0) || !(sampleRate > 0) || latencyMicros < 0) {
            throw new IllegalArgumentException("quantum " + quantum + ", sample rate " + sampleRate + " and latency "
                    + latencyMicros + " us must be positive");
        }
        this.session = session;
        this.quantum = quantum;
        this.sampleRate = sampleRate;
        this.latencyMicros = latencyMicros;
        this.hostMicros = hostMicros;
    }

    /** The session followed. @thread any */
    public LinkSession session() {
        return session;
    }

    /** Beats per bar for starting and phase. @thread any */
    public void setQuantum(double q) {
        if (!(q > 0 && q <= 64)) {
            throw new IllegalArgumentException("quantum " + q + " must be in (0, 64] beats");
        }
        quantum = q;
    }

    /** @thread any */
    public double quantum() {
        return quantum;
    }

    /** Time from a cycle's start until its first frame is heard, microseconds. @thread any */
    public void setLatencyMicros(long micros) {
        latencyMicros = Math.max(0, micros);
    }

    /** @thread render */
    @Override
    public double tempo(int frames) {
        LinkState st = session.state();
        double posMicros = position * 1e6 / sampleRate;
        double o = hostMicros.getAsLong() - posMicros;
        if (!haveOffset || o <= offsetMicros) {
            offsetMicros = o;   // the earliest a cycle started for its frames: the output's own pace
            haveOffset = true;
            lateCycles = 0;
        } else if (o - offsetMicros > LATE_MICROS) {
            if (++lateCycles * (double) frames > sampleRate / 2) {
                offsetMicros = o; // half a second all late: the output's timing moved (an xrun, a new device)
                lateCycles = 0;
            }
        } else {
            offsetMicros += 0.002 * (o - offsetMicros); // a late cycle moves the line little; drift is followed
            lateCycles = 0;
        }
        long out = (long) (posMicros + offsetMicros) + latencyMicros;
        long q = LinkTimeline.microBeats(quantum);
        LinkTimeline tl = st.timeline();
        boolean p = st.playing();
        if (p && !playing) {
            long start = st.playingTime();
            if (start < out - 1_000_000) {
                start = out; // the session plays already: come in at the next bar from now
            }
            originMicroBeats = LinkTimeline.nextPhaseMatch(LinkTimeline.beatAtTime(tl, start, q), 0, q);
            startPending = true;
        }
        playing = p;
        long linkBeat = LinkTimeline.beatAtTime(tl, out, q);
        double target = (linkBeat - originMicroBeats) / 1e6;
        double linkBpm = st.tempo();
        double bpf = linkBpm / 60.0 / sampleRate;
        double next = linkBpm;
        if (!playing || startPending || lastFrames == 0) {
            beat = target;
            startPending = false;
        } else {
            double predicted = beat + bpmOut / 60.0 / sampleRate * lastFrames;
            double diff = target - predicted;
            double jump = Math.max(frames, RELOCATE_SECONDS * sampleRate) * bpf;
            if (diff < -jump || diff > jump) {
                beat = target;
                relocations++;
            } else {
                beat = predicted;
                double c = CORRECTION_PER_CYCLE * diff / (frames * bpf);
                next = linkBpm * (1 + Math.max(-MAX_CORRECTION, Math.min(MAX_CORRECTION, c)));
            }
        }
        bpmOut = next;
        lastFrames = frames;
        position += frames;
        lastPhase = LinkTimeline.phase(linkBeat, q) / 1e6;
        lastErrorMs = (target - beat) * 60_000.0 / linkBpm;
        return next;
    }

    /** @thread render */
    @Override
    public boolean playing() {
        return playing;
    }

    /** @thread render */
    @Override
    public double startBeat() {
        return beat;
    }

    /** @thread render */
    @Override
    public double beat(int frames) {
        return beat;
    }

    /** Sends the tempo to the session (every peer follows; it comes back through the session). @thread any (not render) */
    @Override
    public boolean offerTempo(double bpm) {
        session.setTempo(bpm, hostMicros.getAsLong());
        return true;
    }

    /** Starts or stops the session (it comes back through the session). @thread any (not render) */
    @Override
    public boolean offerPlaying(boolean play) {
        session.setPlaying(play, hostMicros.getAsLong());
        return true;
    }

    /** The session's phase at the last cycle's output time, beats in [0, quantum). @thread any */
    public double phase() {
        return lastPhase;
    }

    /** How far the transport's beat was from the session's at the last cycle, ms. @thread any */
    public double errorMillis() {
        return lastErrorMs;
    }

    /** Jumps made to catch the session's beat. @thread any */
    public long relocations() {
        return relocations;
    }

    /** One line for {@code --stats} and the demo host: peers, tempo, phase. @thread any (not render) */
    public String describe() {
        LinkState st = session.state();
        return String.format(java.util.Locale.ROOT,
                "link %s | %d peer%s | tempo %.2f BPM | phase %.2f of %s | %s | transport off by %.3f ms, %d relocation%s",
                st.enabled() ? "on" : "off", st.peers(), st.peers() == 1 ? "" : "s", st.tempo(), lastPhase,
                quantum == Math.rint(quantum) ? Long.toString((long) quantum) : Double.toString(quantum),
                st.playing() ? "playing" : "stopped", lastErrorMs, relocations, relocations == 1 ? "" : "s");
    }
}
