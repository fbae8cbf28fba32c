package org.midirack.instruments.gervill;

import java.util.ArrayList;
import java.util.List;

/** Test helper: a list of timed short messages rendered through an engine with a given cycle size. */
final class EngineRender {

    /** A short message, or a SysEx message when {@code sysex} is not null (status, d1, d2 then unused). */
    record Ev(long frame, int status, int d1, int d2, byte[] sysex) {
    }

    final List<Ev> events = new ArrayList<>();

    EngineRender add(long frame, int status, int d1, int d2) {
        events.add(new Ev(frame, status, d1, d2, null));
        return this;
    }

    EngineRender addSysex(long frame, int... message) {
        byte[] bytes = new byte[message.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) message[i];
        }
        events.add(new Ev(frame, 0xF0, 0, 0, bytes));
        return this;
    }

    /** Renders {@code total} frames in cycles of {@code cycle} frames; events sent at cycle start, sorted. */
    float[][] render(GervillSink engine, int total, int cycle) {
        List<Ev> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> Long.compare(a.frame, b.frame)); // stable
        float[][] out = new float[2][total];
        int next = 0;
        for (int s = 0; s < total; s += cycle) {
            int n = Math.min(cycle, total - s);
            while (next < sorted.size() && sorted.get(next).frame < s + n) {
                Ev e = sorted.get(next++);
                if (e.sysex != null) {
                    engine.sendSysex((int) (e.frame - s), e.sysex, e.sysex.length);
                } else {
                    engine.send((int) (e.frame - s), e.status, e.d1, e.d2);
                }
            }
            engine.render(out[0], out[1], s, n);
        }
        return out;
    }

    static float[][] run(GervillSettings settings, int latency, int total, int cycle, EngineRender script) {
        try (GervillEngine engine = GervillEngine.open(settings, cycle, latency)) {
            float[][] out = script.render(engine, total, cycle);
            if (engine.lateEvents() != 0) {
                throw new AssertionError(engine.lateEvents() + " late events");
            }
            return out;
        }
    }

    static int firstNonZero(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0f) {
                return i;
            }
        }
        return -1;
    }

    static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
