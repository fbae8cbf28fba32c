package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs told by their content, not their name, and usage errors, through the built jar. */
class CommandMessagesIT {
    @TempDir
    Path dir;

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    private void bytes(String name, String latin1) throws Exception {
        Files.write(dir.resolve(name), latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theInputsKindIsToldByItsContent() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), "tempo 120\nvoice 1 piano: C4/4 E4/4\n");
        assertEquals(0, run("convert", "tune.mel", "tune.mid").code());
        Files.copy(dir.resolve("tune.mid"), dir.resolve("tune-without-extension"));
        CommandLineIT.Run midi = run("render", "tune-without-extension", "--out", "t.wav", "--instrument", "sine");
        assertEquals(0, midi.code(), "a Standard MIDI File is one by its MThd, whatever its name: " + midi.err());

        bytes("sound.wav", "RIFF\u0024\0\0\0WAVEfmt \u0010\0\0\0\u0001\0\u0001\0");
        bytes("bank.sf2", "RIFF\u0024\0\0\0sfbkLIST\0\0\0\0INFO");
        bytes("short.mid", "MThd\0\0\0\u0006\0\0");
        Files.writeString(dir.resolve("evening.txt"), "# midirack session: the demo host's graph\nformat=midirack-session\n"
                + "version=2\n");
        CommandLineIT.Run wav = run("render", "sound.wav", "--out", "o.wav");
        assertEquals(1, wav.code());
        assertEquals(List.of("midirack render: sound.wav: is a WAV audio file, not MIDI: midirack plays Standard MIDI Files"
                + " and melody scripts"), wav.errLines());
        CommandLineIT.Run sf2 = run("render", "bank.sf2", "--out", "o.wav");
        assertEquals(1, sf2.code());
        assertEquals(List.of("midirack render: bank.sf2: is a SoundFont (SF2), not a song: give it as --soundbank FILE"),
                sf2.errLines());
        CommandLineIT.Run session = run("play", "evening.txt", "--output", "null");
        assertEquals(1, session.code());
        assertEquals(List.of("midirack play: evening.txt: is a midirack session, not a song: give it as --session FILE"),
                session.errLines());
        CommandLineIT.Run truncated = run("render", "short.mid", "--out", "o.wav");
        assertEquals(1, truncated.code());
        assertEquals(List.of("midirack render: short.mid: truncated MIDI file: 10 bytes, shorter than the 14-byte header"),
                truncated.errLines());
        assertTrue(!Files.exists(dir.resolve("o.wav")), "nothing written for a bad input");
    }

    @Test
    void usageErrorsExit2AndTyposGetTheNearestName() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), "tempo 120\nvoice 1 piano: C4/4\n");
        CommandLineIT.Run empty = run("render", "tune.mel", "--out=");
        assertEquals(2, empty.code(), empty.err());
        assertTrue(empty.err().startsWith("midirack render: --out needs a file name"), empty.err());
        CommandLineIT.Run fx = run("live", "--fx", "nonsense", "--output", "null");
        assertEquals(2, fx.code(), fx.err());
        assertEquals(1, fx.errLines().size(), fx.err());
        CommandLineIT.Run renderFx = run("render", "tune.mel", "--out", "t.wav", "--fx", "arp,nonsense");
        assertEquals(2, renderFx.code(), renderFx.err());
        assertTrue(renderFx.err().startsWith("midirack render: --fx: no effect 'nonsense' is installed"), renderFx.err());
        assertTrue(!Files.exists(dir.resolve("t.wav")));
        Files.writeString(dir.resolve("kik.mel"), "voice 10 drums: kick/4 kik/4\n");
        CommandLineIT.Run kik = run("render", "kik.mel", "--out", "k.wav");
        assertEquals(1, kik.code());
        assertEquals(List.of("kik.mel:1:24: unknown note or drum name 'kik' (did you mean 'kick'?)"), kik.errLines());
    }
}
