package org.midirack.instruments;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.dsp.SmoothedValue;
import java.util.List;

/**
 * The reference instrument: a small polyphonic synth (sine or band-limited PolyBLEP saw, linear
 * ADSR) whose every message acts on its exact frame. Note-on at frame k: frame k is the note's
 * first non-zero sample (phase and envelope advance before each sample). Note-off at frame k: the
 * release starts at frame k. Pitch bend at frame k: frame k already uses the new pitch; so does a
 * change of {@code bendRange} at frame k, for a bend already held. Deterministic and
 * allocation-free after activation; tests use it to prove timing, users pick it for a test tone.
 *
 * <p>Parameter changes at frame k: {@code wave} and {@code gain} (ramped over 10 ms) act on the
 * sounding notes from frame k; {@code attack} on notes starting at or after k; {@code decay},
 * {@code sustain} and {@code release} when a voice next enters that envelope stage (a note already
 * held at its sustain level keeps it).
 *
 * <p>MIDI: note on/off on all 16 channels, pitch bend (range parameter, default ±2 semitones), CC 7
 * volume, CC 64 sustain, CC 120 All Sound Off, CC 121 Reset All Controllers, CC 123 All Notes Off.
 */
public final class InstrumentSine extends AbstractNode {

    /** Node id. */
    public static final String ID = "midirack.sine";
    /** Voices. */
    public static final int VOICES = 32;

    static final int P_WAVE = 0;
    static final int P_ATTACK = 1;
    static final int P_DECAY = 2;
    static final int P_SUSTAIN = 3;
    static final int P_RELEASE = 4;
    static final int P_GAIN = 5;
    static final int P_BEND_RANGE = 6;

    private static final int IDLE = 0;
    private static final int ATTACK = 1;
    private static final int DECAY = 2;
    private static final int SUSTAIN = 3;
    private static final int RELEASE = 4;

    /** Headroom so that a few full-velocity voices stay below full scale. */
    private static final double VOICE_GAIN = 0.25;

    // voices (structure of arrays)
    private final int[] stage = new int[VOICES];
    private final int[] channel = new int[VOICES];
    private final int[] note = new int[VOICES];
    private final boolean[] held = new boolean[VOICES];     // note-off arrived while sustain pedal down
    private final double[] amp = new double[VOICES];        // velocity gain
    private final double[] level = new double[VOICES];      // envelope level
    private final double[] step = new double[VOICES];       // envelope step of the current stage
    private final double[] phase = new double[VOICES];      // 0..1
    private final double[] inc = new double[VOICES];        // cycles per frame
    private final long[] startedAt = new long[VOICES];      // for stealing the oldest
    // channels
    private final double[] bend = new double[16];         // -1..+1 of the bend range
    private final double[] volume = new double[16];
    private final boolean[] sustainPedal = new boolean[16];

    private final SmoothedValue gain = new SmoothedValue(1);
    private double rate = 48000;
    private long noteCounter;

    /** @thread main */
    public InstrumentSine() {
        super(descriptorFor());
    }

    /** The descriptor every instance shares. @thread any */
    public static NodeDescriptor descriptorFor() {
        return new NodeDescriptor(ID, "Reference synth (sine / saw, ADSR)", NodeKind.INSTRUMENT, "midirack", "0.1.0",
                new int[0], new int[] {2}, false, true, List.of(
                        ParamDescriptor.choice("wave", "Waveform", 0, "sine", "saw"),
                        ParamDescriptor.continuous("attack", "Attack", 0, 5000, 2, "ms"),
                        ParamDescriptor.continuous("decay", "Decay", 0, 5000, 100, "ms"),
                        ParamDescriptor.continuous("sustain", "Sustain", 0, 1, 0.7, ""),
                        ParamDescriptor.continuous("release", "Release", 0, 5000, 50, "ms"),
                        ParamDescriptor.continuous("gain", "Gain", -60, 12, 0, "dB").smoothed(10),
                        ParamDescriptor.integer("bendRange", "Pitch bend range", 0, 48, 2, "semitones")));
    }

    /** @thread main */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        this.rate = sampleRate;
        gain.setRampMillis(10, sampleRate);
        gain.reset(dbToGain(parameters().value(P_GAIN)));
        clearVoices();
    }

    /** @thread render (between cycles) */
    @Override
    public void reset() {
        clearVoices();
        gain.reset(dbToGain(parameters().value(P_GAIN)));
    }

    private void clearVoices() {
        for (int v = 0; v < VOICES; v++) {
            stage[v] = IDLE;
            level[v] = 0;
            held[v] = false;
        }
        for (int c = 0; c < 16; c++) {
            bend[c] = 0;
            volume[c] = 100 / 127.0;
            sustainPedal[c] = false;
        }
    }

    /** Release time plus a margin. @thread any */
    @Override
    public double tailSeconds() {
        return parameters().value(P_RELEASE) / 1000.0 + 0.05;
    }

    /** @thread render */
    @Override
    public void parameterChanged(int index, double value) {
        if (index == P_GAIN) {
            gain.setTarget(dbToGain(value));
        } else if (index == P_BEND_RANGE) {
            for (int v = 0; v < VOICES; v++) {
                if (stage[v] != IDLE) {
                    inc[v] = frequency(note[v], channel[v]) / rate;
                }
            }
        }
    }

    private static double dbToGain(double db) {
        return Math.pow(10, db / 20);
    }

    private double frequency(int key, int ch) {
        double semis = key - 69 + bend[ch] * parameters().value(P_BEND_RANGE);
        return 440.0 * Math.pow(2, semis / 12.0);
    }

    private int frames(int param) {
        return (int) Math.round(parameters().value(param) * 0.001 * rate);
    }

    /** @thread render */
    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        int ch = status & 15;
        switch (status & 0xF0) {
            case 0x90:
                if (data2 > 0) {
                    noteOn(ch, data1, data2);
                } else {
                    noteOff(ch, data1);
                }
                break;
            case 0x80:
                noteOff(ch, data1);
                break;
            case 0xE0:
                bend[ch] = ((data2 << 7 | data1) - 8192) / 8192.0;
                for (int v = 0; v < VOICES; v++) {
                    if (stage[v] != IDLE && channel[v] == ch) {
                        inc[v] = frequency(note[v], ch) / rate;
                    }
                }
                break;
            case 0xB0:
                controlChange(ch, data1, data2);
                break;
            default:
                break;
        }
    }

    private void controlChange(int ch, int cc, int value) {
        switch (cc) {
            case 7:
                volume[ch] = value / 127.0;
                break;
            case 64:
                sustainPedal[ch] = value >= 64;
                if (!sustainPedal[ch]) {
                    for (int v = 0; v < VOICES; v++) {
                        if (held[v] && channel[v] == ch) {
                            held[v] = false;
                            release(v);
                        }
                    }
                }
                break;
            case 120: // all sound off
                for (int v = 0; v < VOICES; v++) {
                    if (channel[v] == ch) {
                        stage[v] = IDLE;
                        level[v] = 0;
                        held[v] = false;
                    }
                }
                break;
            case 121: // reset all controllers
                bend[ch] = 0;
                volume[ch] = 100 / 127.0;
                sustainPedal[ch] = false;
                for (int v = 0; v < VOICES; v++) {
                    if (stage[v] != IDLE && channel[v] == ch) {
                        inc[v] = frequency(note[v], ch) / rate;
                        if (held[v]) {
                            held[v] = false;
                            release(v);
                        }
                    }
                }
                break;
            case 123: // all notes off
                for (int v = 0; v < VOICES; v++) {
                    if (stage[v] != IDLE && stage[v] != RELEASE && channel[v] == ch) {
                        held[v] = false;
                        release(v);
                    }
                }
                break;
            default:
                break;
        }
    }

    private void noteOn(int ch, int key, int velocity) {
        int v = -1;
        for (int i = 0; i < VOICES; i++) {
            if (stage[i] == IDLE) {
                v = i;
                break;
            }
        }
        if (v < 0) { // steal the oldest
            v = 0;
            for (int i = 1; i < VOICES; i++) {
                if (startedAt[i] < startedAt[v]) {
                    v = i;
                }
            }
        }
        channel[v] = ch;
        note[v] = key;
        held[v] = false;
        amp[v] = velocity / 127.0;
        phase[v] = 0;
        inc[v] = frequency(key, ch) / rate;
        startedAt[v] = ++noteCounter;
        level[v] = 0;
        int a = frames(P_ATTACK);
        if (a > 0) {
            stage[v] = ATTACK;
            step[v] = 1.0 / a;
        } else {
            stage[v] = ATTACK;
            step[v] = 1.0; // reaches full level on the note's first frame
        }
    }

    private void noteOff(int ch, int key) {
        for (int v = 0; v < VOICES; v++) {
            if (stage[v] != IDLE && stage[v] != RELEASE && channel[v] == ch && note[v] == key) {
                if (sustainPedal[ch]) {
                    held[v] = true;
                } else {
                    release(v);
                }
            }
        }
    }

    private void release(int v) {
        int r = frames(P_RELEASE);
        stage[v] = RELEASE;
        step[v] = r > 0 ? level[v] / r : level[v];
        if (step[v] <= 0) {
            step[v] = 1;
        }
    }

    /** @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        float[] left = ctx.output(0, 0);
        float[] right = ctx.output(0, 1);
        boolean saw = parameters().value(P_WAVE) >= 0.5;
        double sustain = parameters().value(P_SUSTAIN);
        int decayFrames = frames(P_DECAY);
        for (int i = from; i < to; i++) {
            double g = gain.next() * VOICE_GAIN;
            double sum = 0;
            for (int v = 0; v < VOICES; v++) {
                int st = stage[v];
                if (st == IDLE) {
                    continue;
                }
                // envelope advances before the sample, so the note-on frame is already non-zero
                double lv = level[v];
                if (st == ATTACK) {
                    lv += step[v];
                    if (lv >= 1) {
                        lv = 1;
                        if (decayFrames > 0 && sustain < 1) {
                            stage[v] = DECAY;
                            step[v] = (1 - sustain) / decayFrames;
                        } else {
                            stage[v] = SUSTAIN;
                            lv = sustain;
                        }
                    }
                } else if (st == DECAY) {
                    lv -= step[v];
                    if (lv <= sustain) {
                        lv = sustain;
                        stage[v] = SUSTAIN;
                    }
                } else if (st == RELEASE) {
                    lv -= step[v];
                    if (lv <= 0) {
                        lv = 0;
                        stage[v] = IDLE;
                    }
                }
                level[v] = lv;
                double p = phase[v] + inc[v];
                p -= Math.floor(p);
                phase[v] = p;
                double s;
                if (saw) {
                    s = 2 * p - 1 - polyBlep(p, inc[v]);
                } else {
                    s = Math.sin(2 * Math.PI * p);
                }
                sum += s * lv * amp[v] * volume[channel[v]];
            }
            float out = (float) (sum * g);
            left[i] = out;
            right[i] = out;
        }
    }

    /** PolyBLEP residual for a saw with phase p in [0,1) and increment dt. */
    private static double polyBlep(double p, double dt) {
        if (dt <= 0) {
            return 0;
        }
        if (p < dt) {
            double t = p / dt;
            return t + t - t * t - 1;
        }
        if (p > 1 - dt) {
            double t = (p - 1) / dt;
            return t * t + t + t + 1;
        }
        return 0;
    }

    /** Sounding voices (attack, decay, sustain or release). @thread render */
    public int activeVoices() {
        int n = 0;
        for (int v = 0; v < VOICES; v++) {
            if (stage[v] != IDLE) {
                n++;
            }
        }
        return n;
    }
}
