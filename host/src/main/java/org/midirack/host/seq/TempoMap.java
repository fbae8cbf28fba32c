package org.midirack.host.seq;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * The exact mapping between a {@link Sequence}'s ticks and the host's sample frames at one
 * integral sample rate, built from every tempo meta event (0x51) of every track.
 *
 * <h2>Time of a tick</h2>
 * For a PPQ sequence (resolution {@code ppq} ticks per quarter note) the time is piecewise
 * linear: from the tick {@code T_k} of the k-th tempo change (µs per quarter {@code U_k}) it
 * runs at {@code U_k * sampleRate / (ppq * 10^6)} frames per tick. Before the first tempo event
 * and in files without one the MIDI default of 500,000 µs per quarter (120 BPM) applies; several
 * tempo events on one tick: the last one (by track, then order in the track) wins. For SMPTE
 * sequences ({@code fps} frames per second, {@code resolution} ticks per SMPTE frame, 29.97 taken
 * as 30000/1001) the rate is constant, {@code sampleRate / (fps * resolution)}, and tempo events
 * do not change it.
 *
 * <h2>Rounding rule</h2>
 * The exact (rational) sample time of every tick is kept: each tempo segment starts at an exact
 * rational frame (whole part plus remainder over a common denominator), so errors never
 * accumulate across segments. {@link #tickToFrame(long)} is the <b>ceiling</b> of that exact
 * value: the first frame at or after the tick's instant, the same rule as
 * {@link org.midirack.core.sync.HostSync#frameOfBeat} uses for beats. {@link #frameToTick(long)} is the
 * last tick at or before a frame (floor), so {@code tickToFrame(frameToTick(f)) <= f};
 * {@link #frameToTickRounded(long)} rounds to the nearest tick (halves up), which is what the
 * recorder uses. Everything is computed in {@code long} arithmetic with every product checked for
 * overflow; only a product beyond 63 bits (not reached by real sample rates and tempos below
 * about 10^12 ticks) falls back to {@link BigInteger}. With PPQ 24000, 120 BPM and 48 kHz a tick
 * is exactly a frame: tick n is frame n.
 *
 * <p>Immutable and thread-safe. Conversions do not allocate except in the overflow fallback; the
 * player converts at load time and never calls them on the render thread.
 */
public final class TempoMap {
    /** The MIDI default tempo: 500,000 µs per quarter note (120 BPM). */
    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    private final long sampleRate;
    private final float divisionType;
    private final int resolution;
    /** Common denominator of the exact frame values: ppq * 10^6, or fpsNum * resolution. */
    private final long den;
    private final long[] segTick;
    private final int[] segMicros;
    /** Frames per tick of segment k = segNum[k] / den. */
    private final long[] segNum;
    private final long[] segWhole;
    private final long[] segRem;
    /** gcd-reduced num and den per segment, for the fast exact paths. */
    private final long[] redNum;
    private final long[] redDen;

    /**
     * Builds the map of a sequence at a sample rate.
     * @param sequence a PPQ or SMPTE sequence; its tempo events are read once, here
     * @param sampleRate frames per second, a positive whole number (e.g. 48000)
     * @throws IllegalArgumentException for a non-positive sample rate, a tempo event that does not
     *     have exactly 3 data bytes or has a tempo of 0 µs per quarter (naming track and tick)
     * @thread main
     */
    public TempoMap(Sequence sequence, long sampleRate) {
        if (sequence == null) {
            throw new IllegalArgumentException("sequence is null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be a positive number of frames per second, was "
                    + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.divisionType = sequence.getDivisionType();
        this.resolution = sequence.getResolution();
        if (resolution <= 0) {
            throw new IllegalArgumentException("sequence resolution must be positive, was " + resolution);
        }
        List<long[]> changes = new ArrayList<>(); // {tick, micros}
        if (divisionType == Sequence.PPQ) {
            Track[] tracks = sequence.getTracks();
            for (int t = 0; t < tracks.length; t++) {
                Track track = tracks[t];
                for (int i = 0; i < track.size(); i++) {
                    MidiEvent e = track.get(i);
                    if (e.getMessage() instanceof MetaMessage) {
                        MetaMessage m = (MetaMessage) e.getMessage();
                        if (m.getType() == 0x51) {
                            changes.add(new long[] {e.getTick(), tempoMicros(m, t, e.getTick())});
                        }
                    }
                }
            }
            // stable by tick: equal ticks keep (track, order) so the last one wins below
            changes.sort((a, b) -> Long.compare(a[0], b[0]));
        }
        List<long[]> segs = new ArrayList<>();
        segs.add(new long[] {0, DEFAULT_MICROS_PER_QUARTER});
        for (long[] c : changes) {
            long tick = Math.max(0, c[0]);
            long[] last = segs.get(segs.size() - 1);
            if (last[0] == tick) {
                last[1] = c[1];
            } else if (last[1] != c[1]) {
                segs.add(new long[] {tick, c[1]});
            }
        }
        int n = segs.size();
        segTick = new long[n];
        segMicros = new int[n];
        segNum = new long[n];
        segWhole = new long[n];
        segRem = new long[n];
        redNum = new long[n];
        redDen = new long[n];
        long fpsNum;
        long fpsDen;
        if (divisionType == Sequence.PPQ) {
            fpsNum = 0;
            fpsDen = 0;
            den = resolution * 1_000_000L;
        } else if (divisionType == Sequence.SMPTE_24 || divisionType == Sequence.SMPTE_25
                || divisionType == Sequence.SMPTE_30) {
            fpsNum = (long) divisionType;
            fpsDen = 1;
            den = fpsNum * resolution;
        } else if (divisionType == Sequence.SMPTE_30DROP) {
            fpsNum = 30_000;
            fpsDen = 1001;
            den = fpsNum * resolution;
        } else {
            throw new IllegalArgumentException("unknown division type " + divisionType);
        }
        BigInteger bigDen = BigInteger.valueOf(den);
        BigInteger whole = BigInteger.ZERO;
        BigInteger rem = BigInteger.ZERO;
        for (int k = 0; k < n; k++) {
            long[] s = segs.get(k);
            segTick[k] = s[0];
            segMicros[k] = (int) s[1];
            segNum[k] = divisionType == Sequence.PPQ ? Math.multiplyExact(s[1], sampleRate)
                    : Math.multiplyExact(sampleRate, fpsDen);
            long g = gcd(segNum[k], den);
            redNum[k] = segNum[k] / g;
            redDen[k] = den / g;
            if (k > 0) {
                BigInteger x = rem.add(BigInteger.valueOf(segTick[k] - segTick[k - 1])
                        .multiply(BigInteger.valueOf(segNum[k - 1])));
                BigInteger[] qr = x.divideAndRemainder(bigDen);
                whole = whole.add(qr[0]);
                rem = qr[1];
            }
            segWhole[k] = whole.longValueExact();
            segRem[k] = rem.longValueExact();
        }
    }

    private static long tempoMicros(MetaMessage m, int track, long tick) {
        byte[] d = m.getData();
        if (d.length != 3) {
            throw new IllegalArgumentException("tempo meta event in track " + track + " at tick " + tick
                    + " has " + d.length + " data bytes, must have 3");
        }
        long micros = (d[0] & 0xFFL) << 16 | (d[1] & 0xFFL) << 8 | (d[2] & 0xFFL);
        if (micros == 0) {
            throw new IllegalArgumentException("tempo meta event in track " + track + " at tick " + tick
                    + " sets 0 microseconds per quarter note");
        }
        return micros;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** @thread any */
    public long sampleRate() {
        return sampleRate;
    }

    /** The sequence's division type ({@link Sequence#PPQ} or an SMPTE rate). @thread any */
    public float divisionType() {
        return divisionType;
    }

    /** Ticks per quarter note (PPQ) or per SMPTE frame. @thread any */
    public int resolution() {
        return resolution;
    }

    /** Number of tempo segments (at least 1: the first starts at tick 0). @thread any */
    public int segmentCount() {
        return segTick.length;
    }

    /** @thread any */
    public long segmentTick(int k) {
        return segTick[k];
    }

    /** Tempo of segment k in µs per quarter (500,000 for SMPTE sequences). @thread any */
    public int segmentMicrosPerQuarter(int k) {
        return segMicros[k];
    }

    /** The exact frame where segment k starts is segmentFrameWhole(k) + a remainder below 1. @thread any */
    public long segmentFrameWhole(int k) {
        return segWhole[k];
    }

    private int segmentOfTick(long tick) {
        int lo = 0;
        int hi = segTick.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segTick[mid] <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int segmentOfFrame(long frame) {
        int lo = 0;
        int hi = segTick.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segWhole[mid] < frame || (segWhole[mid] == frame && segRem[mid] == 0)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The frame of a tick: the ceiling of its exact sample time (see the class comment).
     * Negative ticks extend the first tempo backwards.
     * @thread any
     */
    public long tickToFrame(long tick) {
        int k = segmentOfTick(tick);
        long dt = tick - segTick[k];
        long q = Math.floorDiv(dt, redDen[k]);
        long r = Math.floorMod(dt, redDen[k]);
        // ceil((R + dt*num)/den) = q*redNum + ceil((R + r*num)/den)
        long part = floorMulAddDiv(r, segNum[k], segRem[k] + den - 1, den);
        return exactAdd(segWhole[k], exactMul(q, redNum[k]), part);
    }

    /**
     * The last tick at or before a frame (floor of the exact tick time), so
     * {@code tickToFrame(frameToTick(f)) <= f}.
     * @thread any
     */
    public long frameToTick(long frame) {
        int k = segmentOfFrame(frame);
        long e = frame - segWhole[k];
        long q = Math.floorDiv(e, redNum[k]);
        long r = Math.floorMod(e, redNum[k]);
        // floor((e*den - R)/num) = q*redDen + floor((r*den - R)/num)
        long part = floorMulAddDiv(r, den, -segRem[k], segNum[k]);
        return exactAdd(segTick[k], exactMul(q, redDen[k]), part);
    }

    /**
     * The tick nearest to a frame's exact tick time, halves rounded up.
     * @thread any
     */
    public long frameToTickRounded(long frame) {
        int k = segmentOfFrame(frame);
        long e = frame - segWhole[k];
        long q = Math.floorDiv(e, redNum[k]);
        long r = Math.floorMod(e, redNum[k]);
        // floor((2(r*den - R) + num) / 2num)
        long part = floorMulAddDiv(r, 2 * den, segNum[k] - 2 * segRem[k], 2 * segNum[k]);
        return exactAdd(segTick[k], exactMul(q, redDen[k]), part);
    }

    /** The exact (fractional) tick time of a frame, as a double. @thread any */
    public double exactTickAt(long frame) {
        int k = segmentOfFrame(frame);
        double e = (double) (frame - segWhole[k]) * den - segRem[k];
        return segTick[k] + e / segNum[k];
    }

    /**
     * Ticks per quarter-note beat: the resolution for PPQ; for SMPTE sequences (which have no
     * beats) a nominal 120 BPM, {@code fps * resolution / 2}.
     * @thread any
     */
    public double ticksPerBeat() {
        if (divisionType == Sequence.PPQ) {
            return resolution;
        }
        double fps = divisionType == Sequence.SMPTE_30DROP ? 30000.0 / 1001.0 : divisionType;
        return fps * resolution / 2.0;
    }

    /** The beat (quarter note from tick 0) of a tick. @thread any */
    public double beatOfTick(long tick) {
        return tick / ticksPerBeat();
    }

    /** The tick nearest to a beat. @thread any */
    public long tickOfBeat(double beat) {
        return Math.round(beat * ticksPerBeat());
    }

    /** The frame of a beat: {@code tickToFrame(tickOfBeat(beat))}. @thread any */
    public long frameOfBeat(double beat) {
        return tickToFrame(tickOfBeat(beat));
    }

    /** The exact (fractional) beat at a frame. @thread any */
    public double beatOfFrame(long frame) {
        return exactTickAt(frame) / ticksPerBeat();
    }

    /** Tempo in quarter notes per minute at a tick (120 for SMPTE sequences). @thread any */
    public double tempoBpmAtTick(long tick) {
        return 60_000_000.0 / segMicros[segmentOfTick(tick)];
    }

    /** Tempo in quarter notes per minute at a frame. @thread any */
    public double tempoBpmAtFrame(long frame) {
        return 60_000_000.0 / segMicros[segmentOfFrame(frame)];
    }

    /** floor((x*y + z) / d) for d > 0, exact for all long inputs. */
    static long floorMulAddDiv(long x, long y, long z, long d) {
        long hi = Math.multiplyHigh(x, y);
        long lo = x * y;
        if (hi == (lo >> 63)) {
            long s = lo + z;
            if (((lo ^ s) & (z ^ s)) >= 0) {
                return Math.floorDiv(s, d);
            }
        }
        BigInteger v = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)).add(BigInteger.valueOf(z));
        BigInteger[] qr = v.divideAndRemainder(BigInteger.valueOf(d));
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValueExact();
    }

    private static long exactMul(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    private static long exactAdd(long a, long b, long c) {
        return Math.addExact(Math.addExact(a, b), c);
    }

    /** @thread any */
    @Override
    public String toString() {
        return "TempoMap[" + (divisionType == Sequence.PPQ ? "PPQ " : "SMPTE " + divisionType + " fps, ")
                + resolution + ", " + sampleRate + " Hz, " + segTick.length + " tempo segment(s)]";
    }
}
