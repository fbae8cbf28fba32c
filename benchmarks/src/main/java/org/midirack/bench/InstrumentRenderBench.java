package org.midirack.bench;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.TransportState;
import com.sun.media.sound.SoftSynthesizer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.InstrumentSine;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Render cost of one 128-frame cycle at 48 kHz (period 2.667 ms) with N sustained voices: the Gervill node
 * through the framework ({@code framework}) side by side with raw Gervill pull rendering of the same notes
 * without it ({@code rawGervill}: SoftSynthesizer.openStream + AudioInputStream.read, same properties), and
 * the reference synth. Fraction of the period = score / 2667 µs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar InstrumentRenderBench}
 * (the jar's manifest carries Add-Exports for Gervill).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED"})
public class InstrumentRenderBench {

    static final double RATE = 48000;
    static final int FRAMES = 128;

    @Param({"1", "16", "64", "128"})
    public int voices;

    private GervillSettings settings;
    private InstrumentGervill node;
    private InstrumentSine sine;
    private CycleContext ctx;
    private CycleContext sineCtx;
    private final TransportState transport = new TransportState();
    private final MidiEventBuffer none = new MidiEventBuffer(1);

    private SoftSynthesizer raw;
    private AudioInputStream rawStream;
    private final byte[] rawBytes = new byte[FRAMES * 8];

    static int channel(int v) {
        int ch = v % 15;
        return ch >= 9 ? ch + 1 : ch; // skip the percussion channel
    }

    static int note(int v) {
        return 36 + (v * 7) % 60;
    }

    /** @thread main */
    @Setup(Level.Trial)
    public void setUp() throws MidiUnavailableException, IOException {
        settings = GervillSettings.defaults(RATE).withMaxPolyphony(256);
        transport.set(RATE, FRAMES, 120, 0, 0);

        node = new InstrumentGervill(settings, true);
        node.activate(RATE, FRAMES);
        ctx = new CycleContext(node.descriptor(), FRAMES, 16);
        MidiEventBuffer notes = new MidiEventBuffer(2 * voices + 32);
        for (int ch = 0; ch < 16; ch++) {
            notes.add(0, 0xC0 | ch, 16, 0); // drawbar organ: sustains for the whole run
        }
        for (int v = 0; v < voices; v++) {
            notes.add(v % FRAMES, 0x90 | channel(v), note(v), 100);
        }
        ctx.begin(FRAMES, notes, transport, null);
        node.process(ctx);

        sine = new InstrumentSine();
        sine.activate(RATE, FRAMES);
        sineCtx = new CycleContext(sine.descriptor(), FRAMES, 16);
        MidiEventBuffer sineNotes = new MidiEventBuffer(voices + 1);
        for (int v = 0; v < Math.min(voices, InstrumentSine.VOICES); v++) {
            sineNotes.add(0, 0x90 | channel(v), note(v), 100);
        }
        sineCtx.begin(FRAMES, sineNotes, transport, null);
        sine.process(sineCtx);

        raw = new SoftSynthesizer();
        Map<String, Object> info = new HashMap<>();
        info.put("interpolation", settings.interpolation());
        info.put("control rate", GervillEngine.controlRateFor(RATE, settings.blockFrames()));
        info.put("latency", 667L);
        info.put("device id", 0);
        info.put("max polyphony", settings.maxPolyphony());
        info.put("reverb", settings.reverb());
        info.put("chorus", settings.chorus());
        info.put("auto gain control", settings.autoGainControl());
        info.put("large mode", false);
        info.put("midi channels", 16);
        info.put("jitter correction", false);
        info.put("light reverb", settings.lightReverb());
        info.put("load default soundbank", true);
        AudioFormat f = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, (float) RATE, 32, 2, 8, (float) RATE, false);
        rawStream = raw.openStream(f, info);
        Receiver r = raw.getReceiver();
        try {
            for (int ch = 0; ch < 16; ch++) {
                r.send(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, 16, 0), -1);
            }
            for (int v = 0; v < voices; v++) {
                r.send(new ShortMessage(ShortMessage.NOTE_ON, channel(v), note(v), 100), -1);
            }
        } catch (javax.sound.midi.InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 100; i++) {
            rawBench();
            framework();
        }
        int active = 0;
        for (javax.sound.midi.VoiceStatus s : raw.getVoiceStatus()) {
            active += s.active ? 1 : 0;
        }
        System.out.println("# " + voices + " notes -> " + active + " sounding Gervill voices");
    }

    /** @thread main */
    @TearDown(Level.Trial)
    public void tearDown() {
        node.deactivate();
        sine.deactivate();
        raw.close();
    }

    /** One 128-frame cycle of the Gervill node through the framework. @thread bench */
    @Benchmark
    public float framework() {
        ctx.begin(FRAMES, none, transport, null);
        node.process(ctx);
        ctx.end();
        return ctx.output(0, 0)[FRAMES - 1];
    }

    /** One 128-frame read of raw Gervill pull rendering, no framework. @thread bench */
    @Benchmark
    public byte rawGervill() throws IOException {
        return rawBench();
    }

    private byte rawBench() throws IOException {
        int done = 0;
        while (done < rawBytes.length) {
            done += rawStream.read(rawBytes, done, rawBytes.length - done);
        }
        return rawBytes[rawBytes.length - 1];
    }

    /** One 128-frame cycle of the reference synth (at most 32 voices). @thread bench */
    @Benchmark
    public float referenceSynth() {
        sineCtx.begin(FRAMES, none, transport, null);
        sine.process(sineCtx);
        sineCtx.end();
        return sineCtx.output(0, 0)[FRAMES - 1];
    }
}
