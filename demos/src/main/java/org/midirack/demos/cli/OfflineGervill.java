package org.midirack.demos.cli;

import java.util.BitSet;

import javax.sound.midi.Sequence;

import org.midirack.core.Node;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.gervill.GervillChannelPlan;
import org.midirack.instruments.gervill.SongUse;
import org.midirack.instruments.gervill.SharedSoundbanks;

/**
 * How {@code render} sets up Gervill for a song it knows ahead, where real time cannot.
 *
 * <ul>
 *   <li><b>Block.</b> Gervill renders in internal blocks of B frames: a note-on lands on its exact frame
 *       whatever B (the engine timestamps it inside its block), every other message (note-off, controllers,
 *       pitch bend, program change) acts at the start of the block it falls in, so up to B − 1 frames early
 *       (the engine's latency keeps it from acting before its frame). Real time uses B = 32 (0.67 ms at
 *       48 kHz); an offline render uses {@link #BLOCK_FRAMES} = 64, fluidsynth's own granularity for such
 *       events (1.3 ms at 48 kHz), which costs Gervill about 40 % less time than 32. Never coarser than 64.</li>
 *   <li><b>Instruments.</b> Only the instruments of the programs the song selects are loaded from the
 *       soundbank file ({@link SharedSoundbanks#programsUsedBy}, plus {@code --program}): bit-identical to a
 *       full load, in a fraction of the time and memory of a large bank (FluidR3_GM's piano alone: 16 MB of
 *       heap instead of 240 MB). Not when MIDI effects run in front of the instrument: they could send programs
 *       the song does not name.</li>
 *   <li><b>What the song uses</b> ({@link SongUse}, with the instruments above): the presets its notes can
 *       start get float samples and lose the voice connections that add zero throughout the song (its
 *       inputs, such as channel pressure, never move); the other presets are not loaded. Bit-identical,
 *       and about 20 % less render time.</li>
 *   <li><b>Cores</b> ({@code --threads N}, default 1; in a batch each of the {@code --jobs} files gets N).
 *       The song's 16 MIDI channels are spread over up to N Gervill engines
 *       ({@link org.midirack.instruments.gervill.GervillSplit}), balanced by their note-ons; engines 1..N−1
 *       render on worker threads while the render thread renders engine 0 and then waits for them, and the
 *       parts are added in a fixed order. Every event keeps the Gervill timestamp key one engine gives it, so
 *       note-ons land on the same frames; channels that may feed Gervill's chorus share one engine (its LFO
 *       pauses on silence). The output equals {@code --threads 1} to float rounding (largest difference
 *       measured at worst −128.9 dBFS; stated bound −100 dBFS) while the song never needs more than
 *       {@code --polyphony} voices at once: beyond that one engine steals voices that the split keeps (which
 *       is why the default is 1: the output would otherwise depend on the machine's cores). Fewer engines run
 *       when the song has fewer channels that play (a one-channel song: one). Offline only: the render thread
 *       waits, which real time never may. With MIDI effects in front the channels are not known ahead: every
 *       channel is taken to feed the chorus, which keeps them together while the chorus is on.</li>
 * </ul>
 */
final class OfflineGervill {

    /** Gervill's internal block for offline renders: never coarser than fluidsynth's 64 frames. */
    static final int BLOCK_FRAMES = 64;

    private OfflineGervill() {
    }

    /**
     * Prepares an inactive instrument node for an offline render of {@code song}: a Gervill node gets the
     * offline block and, when {@code onlySongPrograms}, only the song's programs (and {@code program} when
     * it is 0..127), and with {@code threads} above 1 the song's channels spread over that many engines;
     * other nodes are left as they are.
     * @thread main
     */
    static void prepare(Node instrument, Sequence song, int program, boolean onlySongPrograms, int threads) {
        if (!(instrument instanceof InstrumentGervill g)) {
            return;
        }
        g.configure(g.settings().withBlockFrames(BLOCK_FRAMES), false);
        if (onlySongPrograms && song != null) {
            BitSet programs = SharedSoundbanks.programsUsedBy(song);
            if (program >= 0 && program < 128) {
                programs.set(program);
            }
            g.loadOnlyPrograms(programs, SongUse.of(song));
        }
        if (threads > 1 && song != null) {
            GervillChannelPlan plan = onlySongPrograms ? GervillChannelPlan.of(song) : GervillChannelPlan.unknownSong();
            if (program >= 0 && program < 128) {
                plan.addProgram(program);
            }
            g.spreadChannels(Math.min(threads, 16), plan);
        } else {
            g.spreadChannels(1, null);
        }
    }
}
