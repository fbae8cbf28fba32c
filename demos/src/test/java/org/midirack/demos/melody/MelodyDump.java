package org.midirack.demos.melody;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/** Test helpers: sequences as comparable text, and the Standard MIDI File round trip. */
final class MelodyDump {

    private MelodyDump() {
    }

    /** Every event of every track as "track tick HEX BYTES", in track order. */
    static List<String> all(Sequence s) {
        List<String> out = new ArrayList<>();
        out.add("division " + s.getDivisionType() + " resolution " + s.getResolution());
        Track[] tracks = s.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            for (int i = 0; i < tracks[t].size(); i++) {
                out.add(t + " " + event(tracks[t].get(i)));
            }
        }
        return out;
    }

    /** The events of one track as "tick HEX BYTES". */
    static List<String> track(Sequence s, int track) {
        List<String> out = new ArrayList<>();
        Track t = s.getTracks()[track];
        for (int i = 0; i < t.size(); i++) {
            out.add(event(t.get(i)));
        }
        return out;
    }

    /** Only the short messages of one track, as "tick HEX BYTES". */
    static List<String> shorts(Sequence s, int track) {
        List<String> out = new ArrayList<>();
        Track t = s.getTracks()[track];
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).getMessage() instanceof ShortMessage) {
                out.add(event(t.get(i)));
            }
        }
        return out;
    }

    static String event(MidiEvent e) {
        StringBuilder sb = new StringBuilder().append(e.getTick());
        for (byte b : e.getMessage().getMessage()) {
            sb.append(String.format(" %02X", b & 0xFF));
        }
        return sb.toString();
    }

    /** Writes a type 1 Standard MIDI File to bytes with MidiSystem.write. */
    static byte[] smf(Sequence s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = MidiSystem.write(s, 1, out);
        if (written != out.size()) {
            throw new IOException("MidiSystem.write reported " + written + " bytes, wrote " + out.size());
        }
        return out.toByteArray();
    }

    /** Writes and reads back through MidiSystem. */
    static Sequence roundTrip(Sequence s) throws IOException, InvalidMidiDataException {
        return MidiSystem.getSequence(new ByteArrayInputStream(smf(s)));
    }
}
