package org.midirack.effects;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.hosting.OfflineRenderer;
import java.util.ArrayList;
import java.util.List;

/** Reads a node's collected MIDI output in tests: events as {frame, status, data1, data2}. */
final class MidiOut {
    private MidiOut() {
    }

    static List<long[]> events(OfflineRenderer r) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < r.midiOutCount(); i++) {
            long d = r.midiOutData(i);
            if ((d >>> 56) == EventList.TYPE_MIDI) {
                out.add(new long[] {r.midiOutFrame(i), d >>> 16 & 0xFF, d >>> 8 & 0xFF, d & 0xFF});
            }
        }
        return out;
    }

    /** Note-ons as {frame, note, velocity}. */
    static List<long[]> noteOns(List<long[]> events) {
        List<long[]> out = new ArrayList<>();
        for (long[] e : events) {
            if ((e[1] & 0xF0) == 0x90 && e[3] > 0) {
                out.add(new long[] {e[0], e[2], e[3]});
            }
        }
        return out;
    }

    /** Note-offs as {frame, note}. */
    static List<long[]> noteOffs(List<long[]> events) {
        List<long[]> out = new ArrayList<>();
        for (long[] e : events) {
            if ((e[1] & 0xF0) == 0x80 || ((e[1] & 0xF0) == 0x90 && e[3] == 0)) {
                out.add(new long[] {e[0], e[2]});
            }
        }
        return out;
    }

    static long[] column(List<long[]> rows, int col) {
        long[] c = new long[rows.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = rows.get(i)[col];
        }
        return c;
    }

    /** Notes still on at the end (note-on count minus note-off, per channel and key). */
    static int hanging(List<long[]> events) {
        int[] open = new int[16 * 128];
        for (long[] e : events) {
            int k = (int) ((e[1] & 15) << 7 | e[2]);
            if ((e[1] & 0xF0) == 0x90 && e[3] > 0) {
                open[k]++;
            } else if ((e[1] & 0xF0) == 0x80 || (e[1] & 0xF0) == 0x90) {
                open[k] = 0;
            }
        }
        int n = 0;
        for (int v : open) {
            n += v;
        }
        return n;
    }

    /** Events of a single buffer as {offset, status, data1, data2}. */
    static List<long[]> of(MidiEventBuffer b, long base) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(new long[] {base + b.offset(i), b.status(i), b.data1(i), b.data2(i)});
        }
        return out;
    }
}
