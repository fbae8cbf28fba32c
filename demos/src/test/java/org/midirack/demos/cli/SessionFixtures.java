package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.hosting.NodeRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

import org.midirack.effects.DelayTempoSync;
import org.midirack.effects.DynamicsLimiter;
import org.midirack.effects.FilterStateVariable;
import org.midirack.effects.MidiArpeggiator;
import org.midirack.effects.MidiTranspose;
import org.midirack.instruments.InstrumentDrumMachine;
import org.midirack.instruments.InstrumentSine;

/** Sessions and Standard MIDI Files the session tests share. */
final class SessionFixtures {
    static final NodeRegistry REGISTRY = NodeRegistry.load();

    private SessionFixtures() {
    }

    /**
     * A type-1 song at 96 ticks per quarter with what real files carry: a conductor track with
     * names, a tempo change and a time signature, a GM-on sysex, program and controller changes,
     * pitch bend, channel and poly pressure, chords for the arpeggiator on channel 1, a bass on
     * channel 2 and drums on channel 10, note-offs as note-on velocity 0.
     */
    static Sequence richSong() throws InvalidMidiDataException {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track conductor = s.createTrack();
        conductor.add(meta(0x03, "conductor".getBytes(StandardCharsets.US_ASCII), 0));
        conductor.add(meta(0x58, new byte[] {4, 2, 24, 8}, 0));
        conductor.add(meta(0x51, tempo(100), 0));
        conductor.add(meta(0x01, "faster".getBytes(StandardCharsets.US_ASCII), 384));
        conductor.add(meta(0x51, tempo(140), 384));
        Track keys = s.createTrack();
        keys.add(new MidiEvent(new SysexMessage(new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7}, 6), 0));
        keys.add(shortAt(0xC0, 4, 0, 0));
        keys.add(shortAt(0xB0, 7, 100, 0));
        int[][] chords = {{60, 64, 67}, {62, 65, 69}, {64, 67, 71}, {65, 69, 72}};
        for (int bar = 0; bar < 4; bar++) {
            for (int n : chords[bar]) {
                keys.add(shortAt(0x90, n, 90 - bar * 5, bar * 384L));
                keys.add(shortAt(0x90, n, 0, bar * 384L + 360));
            }
            keys.add(shortAt(0xE0, 0, 64 + bar * 8, bar * 384L + 96));
            keys.add(shortAt(0xD0, 40 + bar, 0, bar * 384L + 120));
            keys.add(shortAt(0xA0, chords[bar][0], 30, bar * 384L + 150));
        }
        Track bass = s.createTrack();
        bass.add(shortAt(0xC1, 33, 0, 0));
        for (int i = 0; i < 16; i++) {
            bass.add(shortAt(0x91, 36 + (i % 4) * 2, 100, i * 96L));
            bass.add(shortAt(0x81, 36 + (i % 4) * 2, 64, i * 96L + 80));
        }
        Track drums = s.createTrack();
        for (int i = 0; i < 32; i++) {
            drums.add(shortAt(0x99, i % 4 == 0 ? 36 : i % 4 == 2 ? 38 : 42, 100, i * 48L));
            drums.add(shortAt(0x89, i % 4 == 0 ? 36 : i % 4 == 2 ? 38 : 42, 0, i * 48L + 24));
        }
        return s;
    }

    /** Writes {@link #richSong()} as a real Standard MIDI File. */
    static Path writeRichSong(Path file) throws Exception {
        MidiSystem.write(richSong(), 1, file.toFile());
        return file;
    }

    static MidiEvent meta(int type, byte[] data, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new MetaMessage(type, data, data.length), tick);
    }

    static byte[] tempo(double bpm) {
        int us = (int) Math.round(60_000_000 / bpm);
        return new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us};
    }

    static MidiEvent shortAt(int status, int d1, int d2, long tick) throws InvalidMidiDataException {
        ShortMessage m = new ShortMessage();
        int cmd = status & 0xF0;
        if (cmd == 0xC0 || cmd == 0xD0) {
            m.setMessage(status, d1, 0);
        } else {
            m.setMessage(status, d1, d2);
        }
        return new MidiEvent(m, tick);
    }

    /** Every event of every track as "track:tick:bytes", in order. */
    static List<String> events(Sequence s) {
        List<String> out = new ArrayList<>();
        out.add("division " + s.getDivisionType() + " resolution " + s.getResolution());
        Track[] ts = s.getTracks();
        for (int t = 0; t < ts.length; t++) {
            for (int i = 0; i < ts[t].size(); i++) {
                MidiEvent e = ts[t].get(i);
                MidiMessage m = e.getMessage();
                StringBuilder sb = new StringBuilder(t + ":" + e.getTick() + ":");
                for (int b = 0; b < m.getLength(); b++) {
                    sb.append(String.format("%02x", m.getMessage()[b] & 0xFF));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** The nodes of a small but complete session: two MIDI effects, instrument, drums, three audio effects. */
    record Nodes(Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx) {
        Engine rack(int fxMask) {
            return new Engine(48000, 128, instrument, drums, midiFx, audioFx, fxMask);
        }

        /** The same nodes as the demo host's graph (the options' chain as connections), on an engine. */
        SessionDocument.Built graph(int fxMask) {
            return SessionDocument.chain(REGISTRY, instrument, drums, midiFx, audioFx, fxMask, 48000, 128);
        }
    }

    /**
     * Nodes as a user leaves them after an evening of tweaking: no parameter at its default
     * where it matters, a changed drum pattern.
     */
    static Nodes tweakedNodes(boolean gervill) {
        Node instrument = gervill ? EngineOptions.gervill(null) : new InstrumentSine();
        instrument.parameters().set(gervill ? "gain" : "attack", gervill ? -4.5 : 0.01);
        InstrumentDrumMachine drums = (InstrumentDrumMachine) REGISTRY.create(InstrumentDrumMachine.ID);
        drums.setPattern(0, "x..x..x.x..x..x.");
        drums.setPattern(2, "xxxxxxxxxxxxxxxx");
        drums.parameters().set("gain", -6);
        drums.parameters().set("lane3.velocity", 55);
        Node arp = REGISTRY.create(MidiArpeggiator.ID);
        arp.parameters().set("mode", 4); // random, from the seed
        arp.parameters().set("seed", 4242);
        arp.parameters().set("gate", 0.8);
        arp.parameters().set("octaves", 2);
        Node transpose = REGISTRY.create(MidiTranspose.ID);
        transpose.parameters().set("semitones", -5);
        Node filter = REGISTRY.create(FilterStateVariable.ID);
        filter.parameters().set("mode", 2);
        filter.parameters().set("cutoff", 2400);
        filter.parameters().set("q", 3.3);
        Node delay = REGISTRY.create(DelayTempoSync.ID);
        delay.parameters().set("mix", 0.55);
        delay.parameters().set("feedback", 0.62);
        Node limiter = REGISTRY.create(DynamicsLimiter.ID);
        limiter.parameters().set("gain", 7.5);
        return new Nodes(instrument, drums, List.of(arp, transpose), List.of(filter, delay, limiter));
    }

    /** Renders {@code cycles} cycles of {@code frames}, both channels one after the other. */
    static float[][] render(Engine r, int cycles, int frames) {
        float[][] out = new float[2][cycles * frames];
        float[][] block = new float[2][frames];
        for (int c = 0; c < cycles; c++) {
            r.render(block, frames);
            System.arraycopy(block[0], 0, out[0], c * frames, frames);
            System.arraycopy(block[1], 0, out[1], c * frames, frames);
        }
        return out;
    }

    static float peak(float[][] a) {
        float p = 0;
        for (float[] ch : a) {
            for (float v : ch) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }
}
