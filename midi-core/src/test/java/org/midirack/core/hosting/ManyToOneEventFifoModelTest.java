package org.midirack.core.hosting;

import org.midirack.core.EventList;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The FIFO against a reference model: the model is plain lists and the rules of DESIGN.md
 * spelled out one by one (late to 0, carry with reduced offset, stable order, credits with
 * note-off reservations). Any difference in delivered events, drops or counters fails.
 */
class ManyToOneEventFifoModelTest {

    /** One step: an offer (cycle == 0) or a drain of a cycle of that length. */
    record Step(int cycle, int offset, int status, int d1, int d2) {
    }

    static final class Model {
        final int capacity;
        final List<long[]> pending = new ArrayList<>(); // {offset, data, seq, carried}
        final int[] open = new int[2048];
        long credits;
        long seq;
        long dropped;
        long late;
        long carried;
        long delivered;

        Model(int capacity) {
            this.capacity = capacity;
            this.credits = capacity;
        }

        boolean offer(int offset, int s, int d1, int d2) {
            long data = EventList.midiData(s, d1, d2);
            int ch = s & 15;
            boolean on = (s & 0xF0) == 0x90 && d2 > 0;
            boolean off = (s & 0xF0) == 0x80 || ((s & 0xF0) == 0x90 && d2 == 0);
            boolean allOff = (s & 0xF0) == 0xB0 && (d1 == 123 || d1 == 120);
            if (on) {
                if (credits < 2) {
                    dropped++;
                    return false;
                }
                credits -= 2;
                open[ch << 7 | d1]++;
            } else if (off && open[ch << 7 | d1] > 0) {
                open[ch << 7 | d1]--;
            } else if (allOff && channelOpen(ch) > 0) {
                int k = channelOpen(ch);
                for (int i = 0; i < 128; i++) {
                    open[ch << 7 | i] = 0;
                }
                credits += k - 1;
            } else {
                if (credits < 1) {
                    dropped++;
                    return false;
                }
                credits -= 1;
            }
            pending.add(new long[] {offset, data, seq++, 0});
            return true;
        }

        int channelOpen(int ch) {
            int k = 0;
            for (int i = 0; i < 128; i++) {
                k += open[ch << 7 | i];
            }
            return k;
        }

        List<long[]> drain(int n) {
            List<long[]> out = new ArrayList<>();
            List<long[]> keep = new ArrayList<>();
            for (long[] e : pending) {
                if (e[0] < n) {
                    if (e[0] < 0) {
                        late++;
                    }
                    out.add(new long[] {Math.max(0, e[0]), e[1], e[2]});
                } else {
                    if (e[3] == 0) {
                        carried++;
                    }
                    keep.add(new long[] {e[0] - n, e[1], e[2], 1});
                }
            }
            pending.clear();
            pending.addAll(keep);
            out.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[2]));
            delivered += out.size();
            credits += out.size();
            return out;
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> offer = Combinators.combine(
                Arbitraries.integers().between(-10_000, 100_000),
                Arbitraries.of(0x90, 0x80, 0xB0, 0x91, 0x81, 0xE0, 0xC0),
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 127))
                .as((off, st, key, v) -> {
                    int d1 = st == 0xB0 ? (v % 3 == 0 ? 123 : 7) : 60 + key;
                    int d2 = st == 0xC0 ? 0 : (v % 5 == 0 ? 0 : v);
                    return new Step(0, off, st, d1, d2);
                });
        Arbitrary<Step> drain = Arbitraries.integers().between(1, 8192).map(n -> new Step(n, 0, 0, 0, 0));
        return Arbitraries.frequencyOf(Tuple.of(5, offer), Tuple.of(1, drain)).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void deliversExactlyWhatTheModelSays(@ForAll("steps") List<Step> steps,
                                         @ForAll("capacities") int capacity) {
        ManyToOneEventFifo fifo = new ManyToOneEventFifo(capacity);
        Model model = new Model(capacity);
        long accepted = 0;
        for (Step s : steps) {
            if (s.cycle() == 0) {
                boolean a = fifo.offer(s.offset(), s.status(), s.d1(), s.d2());
                boolean b = model.offer(s.offset(), s.status(), s.d1(), s.d2());
                assertEquals(b, a, "offer accepted differs for " + s);
                if (a) {
                    accepted++;
                }
            } else {
                assertDrainEquals(fifo, model, s.cycle());
            }
        }
        // drain everything: carried events must come out within the remaining horizon
        for (int k = 0; k < 20 && (model.pending.size() > 0 || fifo.carriedNow() > 0); k++) {
            assertDrainEquals(fifo, model, 8192);
        }
        assertEquals(model.dropped, fifo.dropped(), "dropped");
        assertEquals(model.late, fifo.late(), "late");
        assertEquals(model.carried, fifo.carried(), "carried");
        assertEquals(accepted, fifo.accepted(), "accepted");
        assertEquals(fifo.accepted(), fifo.delivered() + fifo.carriedNow(), "every accepted event delivered once or still carried");
        assertEquals(fifo.offered(), fifo.accepted() + fifo.dropped() + fifo.invalid(), "every offer accounted for");
    }

    @Provide
    Arbitrary<Integer> capacities() {
        return Arbitraries.of(2, 4, 16, 64, 1024);
    }

    private static void assertDrainEquals(ManyToOneEventFifo fifo, Model model, int n) {
        EventList got = fifo.drain(n);
        List<long[]> want = model.drain(n);
        assertEquals(want.size(), got.size(), "events in a " + n + "-frame cycle");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i)[0], got.offset(i), "offset of event " + i);
            assertEquals(want.get(i)[1], got.data(i), "data of event " + i);
        }
        assertEquals(model.delivered, fifo.delivered(), "delivered");
    }
}
