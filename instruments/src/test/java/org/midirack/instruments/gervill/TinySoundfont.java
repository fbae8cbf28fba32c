package org.midirack.instruments.gervill;

import com.sun.media.sound.SF2Instrument;
import com.sun.media.sound.SF2InstrumentRegion;
import com.sun.media.sound.SF2Layer;
import com.sun.media.sound.SF2LayerRegion;
import com.sun.media.sound.SF2Region;
import com.sun.media.sound.SF2Sample;
import com.sun.media.sound.SF2Soundbank;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.midi.Patch;

/** Writes a one-instrument SF2 (a looped square wave at program 0 of bank 0) for soundbank tests. */
public final class TinySoundfont {
    private TinySoundfont() {
    }

    public static Path write(Path file) throws IOException {
        return write(file, -1);
    }

    /**
     * Like {@link #write(Path)}, plus, when {@code chorusProgram} is 0..127 (not 0), the same square at that
     * program with a chorus send of its own (SoundFont generator 15, 50 %).
     */
    public static Path write(Path file, int chorusProgram) throws IOException {
        SF2Soundbank bank = new SF2Soundbank();
        bank.setName("midirack tiny test bank");
        int period = 100; // 480 Hz at 48 kHz, a square wave: easy to tell from any GM piano
        int frames = period * 48;
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            short v = (short) ((i % period) < period / 2 ? 12000 : -12000);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        SF2Sample sample = new SF2Sample(bank);
        sample.setName("square");
        sample.setData(pcm);
        sample.setSampleRate(48000);
        sample.setOriginalPitch(71); // ~ 493.9 Hz; close enough for a test tone
        sample.setStartLoop(0);
        sample.setEndLoop(frames);
        bank.addResource(sample);

        SF2Layer layer = new SF2Layer(bank);
        layer.setName("square layer");
        SF2LayerRegion lr = new SF2LayerRegion();
        lr.setSample(sample);
        lr.putInteger(SF2Region.GENERATOR_SAMPLEMODES, 1);
        layer.getRegions().add(lr);
        bank.addResource(layer);

        SF2Instrument ins = new SF2Instrument(bank);
        ins.setName("Square");
        ins.setPatch(new Patch(0, 0));
        SF2InstrumentRegion ir = new SF2InstrumentRegion();
        ir.setLayer(layer);
        ins.getRegions().add(ir);
        bank.addInstrument(ins);
        if (chorusProgram > 0 && chorusProgram < 128) {
            SF2Layer wet = new SF2Layer(bank);
            wet.setName("square with chorus");
            SF2LayerRegion wr = new SF2LayerRegion();
            wr.setSample(sample);
            wr.putInteger(SF2Region.GENERATOR_SAMPLEMODES, 1);
            wr.putInteger(SF2Region.GENERATOR_CHORUSEFFECTSSEND, 500);
            wet.getRegions().add(wr);
            bank.addResource(wet);
            SF2Instrument chorus = new SF2Instrument(bank);
            chorus.setName("Square chorus");
            chorus.setPatch(new Patch(0, chorusProgram));
            SF2InstrumentRegion cr = new SF2InstrumentRegion();
            cr.setLayer(wet);
            chorus.getRegions().add(cr);
            bank.addInstrument(chorus);
        }
        bank.save(file.toFile());
        return file;
    }
}
