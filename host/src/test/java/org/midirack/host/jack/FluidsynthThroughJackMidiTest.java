package org.midirack.host.jack;

import org.midirack.host.audio.JackRecorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.host.Host;
import org.midirack.host.SequenceSource;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/**
 * midirack's sequencer drives {@code fluidsynth -a jack -m jack} (a synthesizer nobody here wrote)
 * through a JACK MIDI output port, and a JACK client of the test's own records fluidsynth's left
 * channel. Each note must begin where the sequence put it (120 BPM, 24,000 ticks a quarter: tick n is
 * frame n at 48 kHz), measured from the first note, to within fluidsynth's own granularity: its JACK
 * MIDI driver takes every event of a JACK period at the period's start (measured: moving every event
 * midirack writes to the last frame of its period gives the same take), so less than one period,
 * 128 frames. That the frames midirack writes are exact is {@link JackMidiOutputTest}'s (jack_midi_dump).
 */
class FluidsynthThroughJackMidiTest {
    /** Note-on ticks after a beat of lead-in, at frames that fall at different places in 128-frame cycles. */
    private static final int[] ONSETS = {0, 24_100, 48_110, 72_600, 96_120};

    @Test
    void fluidsynthPlaysEveryNoteOfMidiracksSequenceWithinItsOwnPeriod(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String fluidsynth = JackPeers.requireProgram("fluidsynth");
        Path sf2 = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        if (!Files.isRegularFile(sf2)) {
            JackPeers.unavailable("no " + sf2 + " (Debian package timgm6mb-soundfont)");
        }
        Sequence seq = new Sequence(Sequence.PPQ, 24_000);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 16, 0), 0));   // drawbar organ: no attack ramp to speak of
        for (int on : ONSETS) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 72, 127), 24_000 + on));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 72, 0), 24_000 + on + 4_800));
        }
        Host host = new Host();
        JackMidiOutNode outNode = new JackMidiOutNode();
        host.connectMidi(Host.BOUNDARY, host.add(outNode));
        host.addEventSource(new SequenceSource(new SequencePlayer(seq, new TempoMap(seq, 48_000)), Host.BOUNDARY));
        JackMidiPorts midi = new JackMidiPorts(null, null, "midi_out", outNode);
        AudioOutputJack out = new AudioOutputJack("midirack-fs", null, false, midi);
        String fs = "midirack-fluid-" + ProcessHandle.current().pid();
        List<Integer> onsets = new ArrayList<>();
        try (JackPeers peers = new JackPeers();
             JackRecorder capture = new JackRecorder("midirack-fs-rec", 24_000 + ONSETS[ONSETS.length - 1] + 30_000, false)) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            peers.start(dir.resolve("fluidsynth.log"), fluidsynth, "-a", "jack", "-m", "jack", "-i", "-s", "-R", "0",
                    "-C", "0", "-g", "1", "-o", "audio.jack.id=" + fs, "-o", "midi.jack.id=" + fs,
                    "-o", "audio.jack.autoconnect=0", sf2.toString());
            JackPeers.awaitPort(fs + ":midi_00");
            JackPeers.awaitPort(fs + ":left");
            JackPeers.connect(midi.portNames().get(0), fs + ":midi_00");
            JackPeers.connect(fs + ":left", capture.portName());
            Thread.sleep(300);
            float[] take = null;
            for (int attempt = 0; attempt < 5 && take == null; attempt++) {
                host.transport().stop();
                host.transport().locate(0);
                Thread.sleep(100);
                long xruns = out.counters().xruns();
                float[][] box = new float[1][];
                Thread recorder = new Thread(() -> {
                    try {
                        box[0] = capture.recordWithoutXrun();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                recorder.start();
                Thread.sleep(50);
                host.transport().playFrom(0);
                recorder.join(60_000);
                if (out.counters().xruns() == xruns) {
                    take = box[0];
                } else {
                    System.out.println("FluidsynthThroughJackMidiTest: take " + attempt + " had an xrun, again");
                }
            }
            assertTrue(take != null, "5 takes in a row had xruns");
            float peak = 0;
            for (float v : take) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0.01f, "fluidsynth's output is silent (peak " + peak + ")");
            // a note begins at the first sample above 0.2 % of the peak after 2000 frames below it (every note
            // is the same key, velocity and program, so the same waveform: its first samples line up)
            float quiet = peak * 0.002f;
            int quietRun = 2_000;
            for (int i = 0; i < take.length; i++) {
                if (Math.abs(take[i]) < quiet) {
                    quietRun++;
                } else {
                    if (quietRun >= 2_000) {
                        onsets.add(i);
                    }
                    quietRun = 0;
                }
            }
        } finally {
            out.close();
        }
        assertEquals(ONSETS.length, onsets.size(), "notes heard: " + onsets);
        int worst = 0;
        for (int j = 1; j < ONSETS.length; j++) {
            int error = (onsets.get(j) - onsets.get(0)) - (ONSETS[j] - ONSETS[0]);
            worst = Math.max(worst, Math.abs(error));
            assertTrue(Math.abs(error) < 128, "note " + j + " at " + (onsets.get(j) - onsets.get(0))
                    + " frames after the first, the sequence says " + (ONSETS[j] - ONSETS[0]) + ": " + onsets);
        }
        System.out.printf("fluidsynth through JACK MIDI: %d notes, largest distance error %d frames (fluidsynth takes"
                + " a period's events at its start: 128)%n", onsets.size(), worst);
    }
}
