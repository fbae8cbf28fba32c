package org.midirack.host.mapping;

import org.midirack.core.ParamDescriptor;
import java.util.List;
import org.midirack.instruments.InstrumentSine;

/**
 * Targets for the mapping tests: node 0 has the reference synth's parameters (wave: 2 choices,
 * attack, decay, sustain, release, gain -60..12 dB, bendRange: integer 0..48), node 1 a
 * three-way choice, a cutoff 20..20000 Hz and a parameter that cannot be automated. A sink
 * that keeps every change in preallocated arrays (so it allocates nothing itself).
 */
final class MappingFixture {
    static final List<ParamDescriptor> SINE = InstrumentSine.descriptorFor().params();
    static final List<ParamDescriptor> OTHER = List.of(
            ParamDescriptor.choice("mode", "Mode", 0, "a", "b", "c"),
            ParamDescriptor.continuous("cutoff", "Cutoff", 20, 20000, 1000, "Hz"),
            ParamDescriptor.continuous("locked", "Locked", 0, 1, 0, "").notAutomatable());
    static final int WAVE = 0;
    static final int GAIN = 5;
    static final int BEND_RANGE = 6;
    static final int MODE = 0;
    static final int CUTOFF = 1;

    static final MidiMappingResolver RESOLVER = node -> node == 0 ? SINE : node == 1 ? OTHER : null;

    /** Keeps what the table offered. */
    static final class Changes implements MidiMappingSink {
        final int[] node = new int[4096];
        final int[] offset = new int[4096];
        final int[] index = new int[4096];
        final float[] value = new float[4096];
        int count;
        boolean accept = true;

        @Override
        public boolean offerParam(int n, int off, int paramIndex, float v) {
            if (!accept) {
                return false;
            }
            int i = count++ & 4095;
            node[i] = n;
            offset[i] = off;
            index[i] = paramIndex;
            value[i] = v;
            return true;
        }

        float last() {
            return value[(count - 1) & 4095];
        }

        String lastChange() {
            int i = (count - 1) & 4095;
            return "node " + node[i] + " @" + offset[i] + " #" + index[i] + " = " + value[i];
        }
    }

    private MappingFixture() {
    }
}
