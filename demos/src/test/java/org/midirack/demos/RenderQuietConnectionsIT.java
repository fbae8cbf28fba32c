package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.SysexMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.media.sound.EmergencySoundbank;

/**
 * {@code render} with a soundbank file leaves out the Gervill voice connections that add zero throughout the
 * song, and writes the same bits as a render that leaves nothing out. The reference is the same song with one
 * message more, a master fine tuning SysEx that sets the tuning Gervill already has (8192, no detuning): a
 * universal real-time SysEx makes {@code render} leave nothing out, while the sound stays the same. The SysEx
 * goes with the last beat's note-offs, 160 ticks after the last note-on: next to a note-on it would take the Gervill
 * timestamp key before it and start that note a microsecond later, which changes the output by itself.
 */
class RenderQuietConnectionsIT {

    private static final Pattern LEFT_OUT = Pattern.compile("gervill: (\\d+) voice connections left out");

    @TempDir
    Path dir;

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    private static int leftOut(CommandLineIT.Run r) {
        final Matcher m = LEFT_OUT.matcher(r.out());
        assertTrue(m.find(), "--stats names the connections left out: " + r.out());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void renderLeavesOutWhatTheSongNeverMovesAndWritesTheSameBits() throws Exception {
        // Gervill's own General MIDI bank as a file: only a bank file is loaded per song
        EmergencySoundbank.createSoundbank().save(dir.resolve("gm.sf2").toFile());
        final Sequence song = RenderThreadsIT.song(); // programs, sustain, bends, modulation wheel on one channel
        MidiSystem.write(song, 1, dir.resolve("song.mid").toFile());
        final byte[] fineTuningAtReset = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x03, 0x00, 0x40, (byte) 0xF7};
        song.getTracks()[0].add(new MidiEvent(new SysexMessage(fineTuningAtReset, fineTuningAtReset.length),
                7 * 480 + 400));
        MidiSystem.write(song, 1, dir.resolve("every.mid").toFile());

        final CommandLineIT.Run quiet = run("render", "song.mid", "--out", "quiet.wav", "--bits", "32f",
                "--soundbank", "gm.sf2", "--stats");
        assertEquals(0, quiet.code(), quiet.err());
        final CommandLineIT.Run every = run("render", "every.mid", "--out", "every.wav", "--bits", "32f",
                "--soundbank", "gm.sf2", "--stats");
        assertEquals(0, every.code(), every.err());
        assertTrue(leftOut(quiet) > 0, quiet.out());
        assertEquals(0, leftOut(every), every.out());

        final float[] a = FormatsAndOptionsIT.floats(dir.resolve("every.wav"));
        final float[] b = FormatsAndOptionsIT.floats(dir.resolve("quiet.wav"));
        assertEquals(a.length, b.length);
        double peak = 0;
        for (int i = 0; i < a.length; i++) {
            peak = Math.max(peak, Math.abs(a[i]));
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError("sample " + i + " differs: " + a[i] + " against " + b[i]);
            }
        }
        assertTrue(peak > 0.05, "audible: peak " + peak);
    }

    @Test
    void withAMidiEffectInFrontNothingIsLeftOut() throws Exception {
        EmergencySoundbank.createSoundbank().save(dir.resolve("gm.sf2").toFile());
        MidiSystem.write(RenderThreadsIT.song(), 1, dir.resolve("song.mid").toFile());
        // the arpeggiator sends notes the song does not hold: the song is not all the instrument hears
        final CommandLineIT.Run r = run("render", "song.mid", "--out", "arp.wav", "--soundbank", "gm.sf2",
                "--fx", "arp", "--stats");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, leftOut(r), r.out());
    }
}
