package org.midirack.demos;

import org.midirack.core.Node;
import java.util.Objects;
import java.util.function.Supplier;

import javax.sound.midi.Sequence;

import org.midirack.demos.cli.Engine;
import org.midirack.demos.melody.Melody;
import org.midirack.demos.melody.MelodyEvents;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.InstrumentSine;
import org.midirack.instruments.gervill.GervillSettings;

/**
 * Renders a melody offline and hands back the audio and the events, for users' own tests:
 *
 * <pre>{@code
 * MelodyRender.Result r = MelodyRender.sine().render("tempo 120; C4/4 E4/4");
 * MelodyEvents.Event e = r.events().noteOns().get(1);      // E4 at frame 24000
 * assertEquals(0f, r.audio()[0][(int) e.frame() - 1]...);   // audio frames line up with event frames
 * }</pre>
 *
 * The audio is latency-compensated: the event at frame f sounds from audio frame f. It is the same
 * render the command line's {@code render} makes (same engine), as float samples.
 */
public final class MelodyRender {

    /** What a render gives back. */
    public static final class Result {
        private final float[][] audio;
        private final MelodyEvents events;
        private final double sampleRate;

        Result(float[][] audio, MelodyEvents events, double sampleRate) {
            this.audio = audio;
            this.events = events;
            this.sampleRate = sampleRate;
        }

        /** Channels × frames (stereo). @thread any */
        public float[][] audio() {
            return audio;
        }

        /** The events with their frames at the render's sample rate. @thread any */
        public MelodyEvents events() {
            return events;
        }

        /** @thread any */
        public double sampleRate() {
            return sampleRate;
        }

        /** Number of frames rendered. @thread any */
        public int frames() {
            return audio.length == 0 ? 0 : audio[0].length;
        }

        /** Largest absolute sample over all channels in [from, to). @thread any */
        public float peak(int from, int to) {
            float p = 0;
            for (float[] ch : audio) {
                for (int i = Math.max(0, from); i < Math.min(to, ch.length); i++) {
                    p = Math.max(p, Math.abs(ch[i]));
                }
            }
            return p;
        }

        /** First frame whose absolute sample exceeds {@code threshold} on any channel, or -1. @thread any */
        public int firstFrameAbove(float threshold) {
            return firstFrameAbove(threshold, 0);
        }

        /** First frame at or after {@code from} above {@code threshold}, or -1. @thread any */
        public int firstFrameAbove(float threshold, int from) {
            for (int i = Math.max(0, from); i < frames(); i++) {
                for (float[] ch : audio) {
                    if (Math.abs(ch[i]) > threshold) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    private final Supplier<Node> instrument;
    private double sampleRate = 48000;
    private int buffer = 128;
    private double tailSeconds = 1;
    private int program = -1;

    private MelodyRender(Supplier<Node> instrument) {
        this.instrument = instrument;
    }

    /** Renders with the reference sine synth (exact, fast). @thread any */
    public static MelodyRender sine() {
        return new MelodyRender(InstrumentSine::new);
    }

    /** Renders with Gervill, effects and limiter off (a plain sum of voices). @thread any */
    public static MelodyRender gervill() {
        return new MelodyRender(() -> new InstrumentGervill(GervillSettings.defaults(48000).dry(), false));
    }

    /** Renders with any instrument node; a new one is made per render. @thread any */
    public static MelodyRender with(Supplier<Node> instrument) {
        return new MelodyRender(Objects.requireNonNull(instrument, "instrument"));
    }

    /** Sample rate in Hz (default 48000). @thread any */
    public MelodyRender sampleRate(double hz) {
        this.sampleRate = hz;
        return this;
    }

    /** Cycle size in frames (default 128). @thread any */
    public MelodyRender buffer(int frames) {
        this.buffer = frames;
        return this;
    }

    /** Seconds rendered after the melody's end (default 1). @thread any */
    public MelodyRender tail(double seconds) {
        this.tailSeconds = seconds;
        return this;
    }

    /** A General MIDI program for every channel but 10, replacing the melody's (default: the melody's). @thread any */
    public MelodyRender program(int program) {
        this.program = program;
        return this;
    }

    /**
     * Parses and renders a melody script.
     * @throws org.midirack.demos.melody.MelodyParseException at the line and column of a script error
     * @thread main
     */
    public Result render(String script) {
        return render(Melody.parse(script));
    }

    /** Renders a sequence (a parsed script, a built melody or a MIDI file). @thread main */
    public Result render(Sequence sequence) {
        MelodyEvents events = MelodyEvents.of(sequence, sampleRate);
        float[][] audio = Engine.renderSong(sequence, instrument.get(), sampleRate, buffer, tailSeconds, program);
        return new Result(audio, events, sampleRate);
    }
}
