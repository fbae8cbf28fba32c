package org.midirack.core.hosting;

import org.midirack.core.EventList;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The FIFO against an independent reference model, one thread, random schedules of offers, drains
 * and clears. The model is written from the rules of the class doc, in plain objects: a list of
 * ring events in arrival order, a room counter with the releases' headroom, and per release slot
 * a list of pending release objects of which a drain keeps the earliest and the latest. It shares
 * no code with the FIFO but {@link EventList#midiData} and {@link EventList#paramData}. Every
 * delivered event (offset and bytes; for a side-channel release, what it releases), every
 * accept/refuse decision and every counter must agree.
 */
class ManyToOneEventFifoModelTest {

    /** One step: an offer (kind 0), a drain of {@code cycle} frames (1), a clear (2), a parameter change (3). */
    record Step(int kind, int cycle, int offset, int status, int d1, int d2) {
    }

    /** A pending release of the model's side channel; {@code counted}: already counted as carried. */
    static final class Rel {
        int offset;
        boolean counted;

        Rel(int offset, boolean counted) {
            this.offset = offset;
            this.counted = counted;
        }
    }

    /** A delivered event as the model sees it: side-channel releases compare by what they release. */
    record Out(int offset, long data, boolean side) {
    }

    static final class Model {
        final int capacity;
        final int headroom;
        final List<long[]> ring = new ArrayList<>(); // {offset, data, carriedCounted}
        final TreeMap<Integer, List<Rel>> side = new TreeMap<>(); // slot order = delivery order at equal offsets
        final TreeMap<Integer, Long> sideData = new TreeMap<>();
        long offered;
        long refusedFull;
        long refusedInvalid;
        long accepted;
        long sideReleases;
        long merged;
        long late;
        long carried;
        long delivered;
        long discarded;

        Model(int capacity) {
            this.capacity = capacity;
            this.headroom = capacity / 8;
        }

        /** Which release slot a message fills, in the documented slot order, or -1. */
        static int releaseSlot(int s, int d1, int d2) {
            int cmd = s & 0xF0;
            int ch = s & 15;
            if (s >= 0xF0) {
                return -1;
            }
            if (cmd == 0x80 || (cmd == 0x90 && d2 == 0)) {
                return ch * 128 + d1;
            }
            if (cmd == 0xB0) {
                // per channel: pedal release, All Sound Off, Reset All Controllers, All Notes Off,
                // then the mode messages omni off, omni on, mono on, poly on
                int order = d1 == 64 && d2 < 64 ? 0 : d1 == 120 ? 1 : d1 == 121 ? 2 : d1 >= 123 ? d1 - 120 : -1;
                return order < 0 ? -1 : 2048 + ch * 8 + order;
            }
            return -1;
        }

        static boolean valid(int s, int d1, int d2) {
            if (s < 0x80 || s > 0xFF || s == 0xF0 || s == 0xF7 || s == 0xF4 || s == 0xF5) {
                return false;
            }
            int cmd = s & 0xF0;
            int len = s >= 0xF0 ? (s == 0xF2 ? 2 : s == 0xF1 || s == 0xF3 ? 1 : 0)
                    : cmd == 0xC0 || cmd == 0xD0 ? 1 : 2;
            return (len < 1 || (d1 >= 0 && d1 < 128)) && (len < 2 || (d2 >= 0 && d2 < 128));
        }

        boolean offer(int offset, int s, int d1, int d2) {
            offered++;
            if (!valid(s, d1, d2)) {
                refusedInvalid++;
                return false;
            }
            int cmd = s & 0xF0;
            int len = s >= 0xF0 ? (s == 0xF2 ? 2 : s == 0xF1 || s == 0xF3 ? 1 : 0) : cmd == 0xC0 || cmd == 0xD0 ? 1 : 2;
            long data = EventList.midiData(s, len >= 1 ? d1 : 0, len >= 2 ? d2 : 0);
            int slot = releaseSlot(s, d1, d2);
            int room = capacity - ring.size();
            if (slot < 0) {
                if (room <= headroom) {
                    refusedFull++;
                    return false;
                }
            } else if (room < 1) {
                side.computeIfAbsent(slot, k -> new ArrayList<>()).add(new Rel(offset, false));
                sideData.put(slot, data);
                sideReleases++;
                accepted++;
                return true;
            }
            ring.add(new long[] {offset, data, 0});
            accepted++;
            return true;
        }

        boolean offerParam(int offset, int index, float value) {
            offered++;
            if (index < 0 || index > 0xFFFF) {
                refusedInvalid++;
                return false;
            }
            if (capacity - ring.size() <= headroom) {
                refusedFull++;
                return false;
            }
            ring.add(new long[] {offset, EventList.paramData(index, value), 0});
            accepted++;
            return true;
        }

        /** Keeps a slot's earliest and latest release (ties: the one already counted as carried). */
        void coalesce(List<Rel> rels) {
            Rel lo = null;
            Rel hi = null;
            for (Rel r : rels) {
                if (lo == null || r.offset < lo.offset || (r.offset == lo.offset && r.counted && !lo.counted)) {
                    lo = r;
                }
                if (hi == null || r.offset > hi.offset || (r.offset == hi.offset && r.counted && !hi.counted)) {
                    hi = r;
                }
            }
            int before = rels.size();
            rels.clear();
            rels.add(lo);
            if (hi.offset != lo.offset) {
                rels.add(hi);
            }
            merged += before - rels.size();
        }

        List<Out> drain(int n) {
            List<Out> out = new ArrayList<>();
            List<long[]> keep = new ArrayList<>();
            for (long[] e : ring) {
                if (e[0] < n) {
                    if (e[0] < 0) {
                        late++;
                    }
                    out.add(new Out((int) Math.max(0, e[0]), e[1], false));
                } else {
                    if (e[2] == 0) {
                        carried++;
                    }
                    keep.add(new long[] {e[0] - n, e[1], 1});
                }
            }
            ring.clear();
            ring.addAll(keep);
            for (var it = side.entrySet().iterator(); it.hasNext(); ) {
                var en = it.next();
                List<Rel> rels = en.getValue();
                coalesce(rels);
                List<Rel> left = new ArrayList<>();
                for (Rel r : rels) {
                    if (r.offset < n) {
                        if (r.offset < 0) {
                            late++;
                        }
                        out.add(new Out(Math.max(0, r.offset), sideData.get(en.getKey()), true));
                    } else {
                        if (!r.counted) {
                            carried++;
                        }
                        left.add(new Rel(r.offset - n, true));
                    }
                }
                rels.clear();
                rels.addAll(left);
                if (rels.isEmpty()) {
                    it.remove();
                }
            }
            out.sort(Comparator.comparingInt(Out::offset)); // List.sort is stable
            delivered += out.size();
            return out;
        }

        int clear() {
            int gone = 0;
            for (List<Rel> rels : side.values()) {
                merged += rels.size() - 1;
                rels.clear();
                rels.add(new Rel(0, false));
            }
            for (long[] e : ring) {
                int d = (int) e[1];
                int slot = (e[1] >>> 56) == 0 ? releaseSlot(d >>> 16 & 0xFF, d >>> 8 & 0xFF, d & 0xFF) : -1;
                if (slot < 0) {
                    gone++;
                } else if (side.containsKey(slot)) {
                    merged++;
                } else {
                    side.put(slot, new ArrayList<>(List.of(new Rel(0, false))));
                    sideData.put(slot, e[1]);
                }
            }
            ring.clear();
            discarded += gone;
            return gone;
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> offer = Combinators.combine(
                Arbitraries.integers().between(-600, 3_000),
                Arbitraries.of(0x90, 0x80, 0xB0, 0x91, 0x81, 0xB1, 0xE0, 0xC0, 0xF8, 0xF0, 0x40, 0x100),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 127))
                .as((off, st, key, v) -> {
                    int d1 = (st & 0xF0) == 0xB0
                            ? new int[] {64, 120, 121, 123, 7, 64, 64, 128, 122, 124, 125, 126, 127}[v % 13] : 60 + key;
                    int d2 = st == 0xC0 ? 0 : (v % 5 == 0 ? 0 : v);
                    return new Step(0, 0, off, st, d1, d2);
                });
        Arbitrary<Step> param = Arbitraries.integers().between(-1, 70_000)
                .map(i -> new Step(3, 0, i % 700, 0, i, 0));
        Arbitrary<Step> drain = Arbitraries.integers().between(1, 1024).map(n -> new Step(1, n, 0, 0, 0, 0));
        Arbitrary<Step> clear = Arbitraries.just(new Step(2, 0, 0, 0, 0, 0));
        return Arbitraries.frequencyOf(Tuple.of(40, offer), Tuple.of(3, param), Tuple.of(8, drain), Tuple.of(1, clear))
                .list().ofMaxSize(500);
    }

    @Provide
    Arbitrary<Integer> capacities() {
        return Arbitraries.of(2, 4, 16, 64, 1024);
    }

    @Property(tries = 400)
    void deliversExactlyWhatTheModelSays(@ForAll("steps") List<Step> steps, @ForAll("capacities") int capacity) {
        ManyToOneEventFifo fifo = new ManyToOneEventFifo(capacity);
        Model model = new Model(capacity);
        int i = 0;
        for (Step s : steps) {
            String where = "step " + i++ + " " + s;
            switch (s.kind()) {
                case 0 -> assertEquals(model.offer(s.offset(), s.status(), s.d1(), s.d2()),
                        fifo.offer(s.offset(), s.status(), s.d1(), s.d2()), "accepted, " + where);
                case 3 -> assertEquals(model.offerParam(s.offset(), s.d1(), 0.5f),
                        fifo.offerParam(s.offset(), s.d1(), 0.5f), "param accepted, " + where);
                case 1 -> assertDrainEquals(fifo, model, s.cycle(), where);
                default -> assertEquals(model.clear(), fifo.clear(), "discarded by clear, " + where);
            }
        }
        for (int k = 0; k < 5; k++) { // offsets are below 3,000: five 1,024-frame cycles deliver everything
            assertDrainEquals(fifo, model, 1024, "final drain " + k);
        }
        assertEquals(0, fifo.carriedNow(), "nothing left");
        assertEquals(model.offered, fifo.offered(), "offered");
        assertEquals(model.refusedFull, fifo.refusedFull(), "refusedFull");
        assertEquals(model.refusedInvalid, fifo.refusedInvalid(), "refusedInvalid");
        assertEquals(model.accepted, fifo.accepted(), "accepted");
        assertEquals(model.sideReleases, fifo.releasesViaSideChannel(), "releasesViaSideChannel");
        assertEquals(model.merged, fifo.releasesMerged(), "releasesMerged");
        assertEquals(model.late, fifo.late(), "late");
        assertEquals(model.carried, fifo.carried(), "carried");
        assertEquals(model.discarded, fifo.discarded(), "discarded");
        assertEquals(model.delivered, fifo.delivered(), "delivered");
        assertEquals(capacity - capacity / 8, fifo.freeCredits(), "all room back after draining");
    }

    private static void assertDrainEquals(ManyToOneEventFifo fifo, Model model, int n, String where) {
        EventList got = fifo.drain(n);
        List<Out> want = model.drain(n);
        assertEquals(want.size(), got.size(), "events in a " + n + "-frame cycle, " + where);
        for (int i = 0; i < want.size(); i++) {
            Out w = want.get(i);
            assertEquals(w.offset(), got.offset(i), "offset of event " + i + ", " + where);
            if (w.side()) {
                int d = (int) got.data(i);
                int wd = (int) w.data();
                assertEquals(Model.releaseSlot(wd >>> 16 & 0xFF, wd >>> 8 & 0xFF, wd & 0xFF),
                        Model.releaseSlot(d >>> 16 & 0xFF, d >>> 8 & 0xFF, d & 0xFF),
                        "what side-channel event " + i + " releases, " + where);
            } else {
                assertEquals(w.data(), got.data(i), "data of event " + i + ", " + where);
            }
        }
        assertEquals(model.delivered, fifo.delivered(), "delivered, " + where);
    }
}
