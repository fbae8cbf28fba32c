package org.midirack.instruments.gervill;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.Instrument;
import javax.sound.midi.Soundbank;

/**
 * One parsed soundbank per file and process, shared by every Gervill engine, with its samples read from the
 * file only for the instruments an engine loads.
 *
 * <h2>How Gervill loads a bank (JDK source, {@code com.sun.media.sound})</h2>
 * {@code MidiSystem.getSoundbank(File)} parses an SF2 file in Gervill's "large format"
 * ({@code new SF2Soundbank(File)}): it reads the preset and instrument tables and leaves every sample as a
 * pointer into the file ({@code ModelByteBuffer(file, offset, length)}). A synthesizer's
 * {@code loadInstrument} then reads the samples of that instrument into memory, into the very
 * {@code ModelByteBuffer} objects of the parsed bank ({@code ModelByteBuffer.loadAll} skips a buffer that is
 * loaded already) and builds its own voices' description of the instrument. Loading all of FluidR3_GM's 189
 * presets takes about 0.9 s and 240 MB of heap (their performers more than their 148 MB of samples); the
 * piano alone 0.08 s and 16 MB. So:
 * <ul>
 *   <li>the parse is done once per file per process (this class keeps the parsed bank, softly: it is parsed
 *       again only after the JVM ran short of memory and no engine held it), and every engine of the process
 *       uses the same object, so a sample read by one engine is never read again by another;</li>
 *   <li>an engine may load only the presets of the programs it will play ({@link #load}); where every program
 *       a song selects is among them, its output is bit-identical to an engine that loaded the whole bank
 *       (the same instruments, the same sample bytes).</li>
 * </ul>
 * Gervill's own "large mode" (samples streamed from the file while rendering) is not used: it would do file
 * I/O on the render thread for every note.
 *
 * <p>Loading into a synthesizer is serialised per bank, so engines opening on several threads at once read
 * each sample once and publish it safely.
 */
public final class SharedSoundbanks {

    private static final Map<Key, SoftReference<Soundbank>> BANKS = new HashMap<>();
    private static final AtomicLong PARSES = new AtomicLong();

    private SharedSoundbanks() {
    }

    /**
     * A file as it is now: a changed file is parsed again; changed means another size, another modification time
     * (to the nanosecond the file system keeps) or another file under the name (its inode: a file moved over it).
     * A long-lived process (the render server) is what makes the finer checks matter.
     */
    private record Key(Path realPath, Object fileKey, long size, long modifiedNanos) {
    }

    /**
     * The parsed bank of a file, shared: parsed on the first call for the file (as it is now), the same object
     * on every later call while it is held.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or not a valid bank (names the file
     *                                  and the reason)
     * @thread main (any thread but render)
     */
    public static Soundbank get(Path file) {
        Key key = keyOf(file);
        synchronized (BANKS) {
            SoftReference<Soundbank> ref = BANKS.get(key);
            Soundbank bank = ref == null ? null : ref.get();
            if (bank == null) {
                bank = GervillEngine.readSoundbank(file);
                PARSES.incrementAndGet();
                BANKS.put(key, new SoftReference<>(bank));
            }
            return bank;
        }
    }

    /**
     * How many times a soundbank file was parsed in this process (all files together).
     *
     * @thread any
     */
    public static long parseCount() {
        return PARSES.get();
    }

    private static Key keyOf(Path file) {
        // the checks (and their messages) are GervillEngine.readSoundbank's; only a readable file gets a key
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            GervillEngine.readSoundbank(file);
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Key(file.toRealPath(), a.fileKey(), a.size(),
                    a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: read error (" + e + ")", e);
        }
    }

    /**
     * The programs a song can make Gervill play: 0 (every channel's program until a program change), every
     * program change's program on any channel and, when the song selects a GM2 bank (bank select MSB 120 or
     * 121), the programs Gervill falls back to there (program p's fallback is the patch it spells "p0": program
     * 10p). Loading these gives the song the instruments a full load would.
     *
     * @thread any
     */
    public static BitSet programsUsedBy(javax.sound.midi.Sequence seq) {
        BitSet used = new BitSet(128);
        used.set(0);
        boolean gm2 = false;
        for (javax.sound.midi.Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof javax.sound.midi.ShortMessage m) {
                    if (m.getCommand() == javax.sound.midi.ShortMessage.PROGRAM_CHANGE) {
                        used.set(m.getData1() & 0x7F);
                    } else if (m.getCommand() == javax.sound.midi.ShortMessage.CONTROL_CHANGE && m.getData1() == 0
                            && (m.getData2() == 0x78 || m.getData2() == 0x79)) {
                        gm2 = true;
                    }
                }
            }
        }
        if (gm2) {
            for (int p = used.nextSetBit(0); p >= 0 && p < 13; p = used.nextSetBit(p + 1)) {
                used.set(p * 10);
            }
        }
        return used;
    }

    /**
     * The bank's instruments whose program is in {@code programs} (any bank number, melodic and percussion),
     * in the bank's order; all of them for {@code null}.
     *
     * @thread any
     */
    public static List<Instrument> instrumentsFor(Soundbank bank, BitSet programs) {
        List<Instrument> list = new ArrayList<>();
        for (Instrument ins : bank.getInstruments()) {
            if (programs == null || programs.get(ins.getPatch().getProgram())) {
                list.add(ins);
            }
        }
        return list;
    }

    /**
     * Loads a bank's instruments into a Gervill synthesizer: all of them, or those of the given programs
     * ({@link #instrumentsFor}); samples another engine has read already are not read again. A subset is loaded
     * with its samples converted to floats once ({@link FloatSampleInstrument}: bit-identical, and no
     * conversion on every read while playing, which was 17 % of a render's CPU) and without the connections that
     * add zero throughout the song ({@link QuietConnections}: bit-identical too), both only for the presets the
     * song can start ({@link SongUse#playsIn}; the others are not loaded); a full load keeps
     * Gervill's 16-bit samples (FluidR3_GM whole as floats would be about 300 MB) and every connection.
     *
     * @param synth    an open {@code com.sun.media.sound.SoftSynthesizer} that has played nothing yet
     * @param programs the programs to load (bit p: program p), or null for every instrument
     * @param use      what the song uses (with {@code programs} only; {@link SongUse#unknown()}: skip nothing)
     * @return the connections left out, or -1 when Gervill refused (a sample could not be read)
     * @thread main (any thread but render)
     */
    static int load(javax.sound.midi.Synthesizer synth, Soundbank bank, BitSet programs, SongUse use) {
        if (!synth.isSoundbankSupported(bank)) {
            return -1;
        }
        synchronized (bank) {
            if (programs == null) {
                return synth.loadAllInstruments(bank) ? 0 : -1;
            }
            final QuietConnections skip = QuietConnections.of(use, synth);
            // one at a time in the bank's order: where two presets share a patch the later wins, as in a full load;
            // each with its samples as floats (FloatSampleInstrument): the same output, no conversion while playing
            for (Instrument ins : instrumentsFor(bank, programs)) {
                Instrument toLoad = ins instanceof com.sun.media.sound.ModelInstrument mi
                        ? FloatSampleInstrument.of(bank, mi, skip, use) : ins;
                if (!synth.loadInstrument(toLoad)) {
                    return -1;
                }
            }
            return skip == null ? 0 : skip.skipped();
        }
    }
}
