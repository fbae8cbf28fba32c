package org.midirack.instruments.gervill;

import java.util.Arrays;
import java.util.BitSet;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * What a song does on each of its 16 MIDI channels, as far as spreading the channels over several Gervill
 * engines ({@link GervillSplit}) needs to know: how much each channel plays (its note-ons, the load), which
 * programs it selects, and whether it may feed Gervill's chorus.
 *
 * <h2>Why the chorus decides where channels go</h2>
 * Gervill's chorus ({@code SoftChorus.processAudio}) stops, after one second of silent input, and while it
 * stops its LFO does not advance. In one engine the chorus runs whenever any channel sends to it; split over
 * engines, an engine whose own channels were quiet for a second would resume with a different LFO phase,
 * and its chorus would differ from the single engine's by up to the chorus's own level. So every channel that
 * may feed the chorus goes to the same engine, whose chorus then sees exactly the single engine's chorus
 * input (the other engines' choruses never run). A channel may feed the chorus when the song sets its chorus
 * send (CC 93) above 0, or when an instrument for one of its programs carries a chorus send of its own
 * (SoundFont generator 15; found in the loaded instruments by {@link GervillSplit}). The reverb needs no such
 * care: it is linear and stops only when its input is silent and its output below 1e-10 (−200 dBFS).
 *
 * <p>Assignment ({@link #assign}): the chorus channels form one unit, every other channel its own; the units,
 * heaviest (most note-ons) first, go one by one to the engine with the least load so far (ties: the lower
 * engine, then the lower channel). Deterministic: the same song always gives the same plan.
 */
public final class GervillChannelPlan {

    private final long[] notes = new long[16];
    private final BitSet[] programs = new BitSet[16];
    private final boolean[] chorusControl = new boolean[16];
    private final boolean[] drumBank = new boolean[16];

    private GervillChannelPlan() {
        for (int ch = 0; ch < 16; ch++) {
            programs[ch] = new BitSet(128);
            programs[ch].set(0); // every channel plays program 0 until it changes
        }
    }

    /**
     * Reads what every channel of {@code song} does.
     *
     * @thread main
     */
    public static GervillChannelPlan of(Sequence song) {
        GervillChannelPlan p = new GervillChannelPlan();
        for (Track t : song.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                MidiMessage m = e.getMessage();
                if (m instanceof ShortMessage s && s.getCommand() < 0xF0) {
                    p.note(s.getCommand(), s.getChannel(), s.getData1(), s.getData2());
                }
            }
        }
        return p;
    }

    /**
     * A plan that knows nothing of the song: every channel weighs the same and may feed the chorus (so all
     * of them stay in one engine while the chorus is on).
     *
     * @thread main
     */
    public static GervillChannelPlan unknownSong() {
        GervillChannelPlan p = new GervillChannelPlan();
        Arrays.fill(p.chorusControl, true);
        Arrays.fill(p.notes, 1);
        return p;
    }

    /**
     * Adds a program every channel may play besides the song's own (a program the render sends to every
     * channel, such as {@code --program}).
     *
     * @thread main
     */
    public GervillChannelPlan addProgram(int program) {
        for (BitSet p : programs) {
            p.set(program & 0x7F);
        }
        return this;
    }

    private void note(int command, int ch, int d1, int d2) {
        switch (command) {
            case 0x90 -> {
                if (d2 != 0) {
                    notes[ch]++;
                }
            }
            case 0xC0 -> programs[ch].set(d1);
            case 0xB0 -> {
                if (d1 == 93 && d2 != 0) {
                    chorusControl[ch] = true;
                } else if (d1 == 0 && (d2 == 120 || d2 == 127)) {
                    drumBank[ch] = true; // GM2 / XG drum banks: the channel may play percussion instruments
                }
            }
            default -> {
            }
        }
    }

    /**
     * Note-ons the song plays on a channel.
     *
     * @thread any
     */
    public long noteOns(int channel) {
        return notes[channel];
    }

    /**
     * Whether a channel may feed the chorus: CC 93 above 0 in the song, or one of its programs has an instrument
     * with a chorus send of its own.
     *
     * @param chorusPrograms [0][p]: a melodic instrument of program p has a chorus send; [1][p]: a percussion one
     */
    boolean mayFeedChorus(int ch, boolean[][] chorusPrograms) {
        if (chorusControl[ch]) {
            return true;
        }
        boolean melodic = ch != 9 || drumBank[ch];
        boolean percussion = ch == 9 || drumBank[ch];
        for (int p = programs[ch].nextSetBit(0); p >= 0; p = programs[ch].nextSetBit(p + 1)) {
            if (melodic && chorusPrograms[0][p] || percussion && chorusPrograms[1][p]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which engine plays each channel.
     *
     * @param engines        engines wanted (at least 1)
     * @param chorusOn       whether Gervill's chorus is on (off: no channel needs grouping)
     * @param chorusPrograms see {@link #mayFeedChorus}
     * @return engine index per channel; the number of engines used is the largest index + 1, fewer than
     *         asked when the song has fewer units that play notes
     */
    int[] assign(int engines, boolean chorusOn, boolean[][] chorusPrograms) {
        int[] unitOf = new int[16];
        long[] weight = new long[17];
        int chorusUnit = 16;
        for (int ch = 0; ch < 16; ch++) {
            unitOf[ch] = chorusOn && mayFeedChorus(ch, chorusPrograms) ? chorusUnit : ch;
            weight[unitOf[ch]] += notes[ch];
        }
        Integer[] order = new Integer[17];
        int playing = 0;
        for (int u = 0; u < 17; u++) {
            order[u] = u;
            if (weight[u] > 0) {
                playing++;
            }
        }
        Arrays.sort(order, (a, b) -> weight[a] != weight[b] ? Long.compare(weight[b], weight[a])
                : Integer.compare(a, b));
        int used = Math.max(1, Math.min(engines, playing));
        long[] load = new long[used];
        int[] engineOfUnit = new int[17];
        for (int u : order) {
            int best = 0;
            for (int k = 1; k < used; k++) {
                if (load[k] < load[best]) {
                    best = k;
                }
            }
            engineOfUnit[u] = best;
            load[best] += weight[u];
        }
        int[] engineOf = new int[16];
        for (int ch = 0; ch < 16; ch++) {
            engineOf[ch] = engineOfUnit[unitOf[ch]];
        }
        return engineOf;
    }
}
