package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.midi.MidiVirtualPort;

/**
 * Record in the transport panel records the MIDI input into a new track of the tracks list, whose
 * piano roll shows what was played; through a virtual MIDI port (the javax.sound.midi path a
 * hardware port takes).
 */
class TracksRecordingTest {
    @Test
    void recordingFromAMidiInputMakesANewTrackWithTheNotesPlayed() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("midirack-gui-rec-test");
        try (DemoHostSession s = DemoHostSession.start(null, List.of("sine"), "null", "midirack-gui-rec-test", 48000, 128,
                System.err)) {
            TransportModel transport = new TransportModel(s);
            TracksModel tracks = new TracksModel(s);
            // a song to record over (the recording takes the song's timeline: 120 BPM)
            tracks.load(java.nio.file.Path.of("melodies", "scale.mel"));
            transport.togglePlay();
            assertTrue(transport.toggleRecord(), "recording");
            MidiDevice output = MidiSystem.getMidiDevice(port.outputInfo());
            output.open();
            try (Receiver keys = output.getReceiver()) {
                keys.send(new ShortMessage(ShortMessage.NOTE_ON, 2, 64, 99), -1);
                Thread.sleep(300);
                keys.send(new ShortMessage(ShortMessage.NOTE_OFF, 2, 64, 0), -1);
                Thread.sleep(100);
            } finally {
                output.close();
            }
            assertFalse(transport.toggleRecord(), "stopped recording");
            assertEquals(List.of("scale.mel", "recording 2"), tracks.names());
            List<TracksModel.Note> notes = tracks.notes(1);
            assertEquals(1, notes.size(), notes.toString());
            TracksModel.Note n = notes.get(0);
            assertEquals(64, n.key());
            assertEquals(3, n.channel(), "MIDI channel 3 (status nibble 2)");
            assertEquals(99, n.velocity());
            // held for 300 ms: at the song's 120 BPM, 0.6 beats, give or take the scheduling of this thread
            assertTrue(n.end() - n.start() > 0.5 && n.end() - n.start() < 1.2, n.toString());
            // File > Save tracks as MIDI file: a Standard MIDI File holding the scale and the recorded note
            java.nio.file.Path smf = java.nio.file.Files.createTempFile("midirack-gui-tracks", ".mid");
            try {
                tracks.saveAll(smf);
                List<TracksModel.Note> saved = TracksModel.notes(MidiSystem.getSequence(smf.toFile()));
                assertEquals(15 + 1, saved.size(), "the scale's 15 notes and the recorded one: " + saved);
                assertTrue(saved.stream().anyMatch(x -> x.key() == 64 && x.channel() == 3 && x.velocity() == 99), saved.toString());
            } finally {
                java.nio.file.Files.deleteIfExists(smf);
            }
        } finally {
            port.remove();
        }
    }
}
