package org.midirack.demos.melody;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * Tick to time conversion for a {@link Sequence}: the tempo changes (meta 0x51) of all its
 * tracks, 120 bpm before the first. Times are exact: a tick's time is a rational number of
 * microseconds, and {@link #frameAt(long, double)} rounds it to the nearest frame (half up)
 * only once, so frames never drift however long the melody.
 */
public final class MelodyTempoMap {

    private static final int DEFAULT_MPQ = 500_000;

    private final boolean ppq;
    private final int resolution;
    private final float framesPerSecond;
    private final long[] ticks;
    private final int[] mpq;
    /** Time at ticks[i] in microseconds times resolution (exact). */
    private final long[] scaledMicros;

    private MelodyTempoMap(Sequence sequence) {
        this.ppq = sequence.getDivisionType() == Sequence.PPQ;
        this.resolution = sequence.getResolution();
        this.framesPerSecond = sequence.getDivisionType();
        List<long[]> changes = new ArrayList<>();
        long order = 0;
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51 && m.getData().length >= 3) {
                    byte[] d = m.getData();
                    int value = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
                    changes.add(new long[] {e.getTick(), order++, value});
                }
            }
        }
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] t = new long[changes.size() + 1];
        int[] m = new int[changes.size() + 1];
        int n = 1;
        t[0] = 0;
        m[0] = DEFAULT_MPQ;
        for (long[] c : changes) {
            if (c[0] == t[n - 1]) {
                m[n - 1] = (int) c[2]; // a later change at the same tick wins
            } else {
                t[n] = c[0];
                m[n] = (int) c[2];
                n++;
            }
        }
        this.ticks = Arrays.copyOf(t, n);
        this.mpq = Arrays.copyOf(m, n);
        this.scaledMicros = new long[n];
        for (int i = 1; i < n; i++) {
            scaledMicros[i] = Math.addExact(scaledMicros[i - 1],
                Math.multiplyExact(ticks[i] - ticks[i - 1], (long) mpq[i - 1]));
        }
    }

    /**
     * The tempo map of a sequence.
     *
     * @thread any
     */
    public static MelodyTempoMap of(Sequence sequence) {
        return new MelodyTempoMap(sequence);
    }

    /**
     * Microseconds per quarter note in force at a tick.
     *
     * @thread any
     */
    public int microsPerQuarterAt(long tick) {
        return mpq[segment(tick)];
    }

    /**
     * Tempo in quarter notes per minute at a tick.
     *
     * @thread any
     */
    public double bpmAt(long tick) {
        return 60_000_000.0 / microsPerQuarterAt(tick);
    }

    /**
     * Time of a tick in seconds.
     *
     * @thread any
     */
    public double secondsAt(long tick) {
        return numerator(tick).divide(denominator(), 15, RoundingMode.HALF_EVEN).doubleValue() / 1e6;
    }

    /**
     * Time of a tick in microseconds, rounded down (as javax.sound.midi reports it).
     *
     * @thread any
     */
    public long microsAt(long tick) {
        return numerator(tick).divide(denominator(), 0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * The frame at which a tick falls at a sample rate: round(seconds * sampleRate), half up,
     * computed exactly.
     *
     * @thread any
     */
    public long frameAt(long tick, double sampleRate) {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive, not " + sampleRate);
        }
        return numerator(tick).multiply(new BigDecimal(sampleRate))
            .divide(denominator().multiply(BigDecimal.valueOf(1_000_000L)), 0, RoundingMode.HALF_UP)
            .longValueExact();
    }

    /** Microseconds of a tick are numerator(tick) / denominator(), both exact. */
    private BigDecimal numerator(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must not be negative, not " + tick);
        }
        if (!ppq) {
            return BigDecimal.valueOf(tick).multiply(BigDecimal.valueOf(1_000_000L));
        }
        int i = segment(tick);
        return BigDecimal.valueOf(scaledMicros[i])
            .add(BigDecimal.valueOf(tick - ticks[i]).multiply(BigDecimal.valueOf(mpq[i])));
    }

    private BigDecimal denominator() {
        return ppq ? BigDecimal.valueOf(resolution)
            : new BigDecimal(framesPerSecond).multiply(BigDecimal.valueOf(resolution));
    }

    private int segment(long tick) {
        int i = Arrays.binarySearch(ticks, tick);
        return i >= 0 ? i : -i - 2;
    }
}
