package org.midirack.host.seq;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Assumptions;

/** Builders, an independent reference timing model and a recording sink for the sequencer tests. */
final class SeqTestSupport {
    private SeqTestSupport() {
    }

    static ShortMessage sm(int status, int d1, int d2) {
        try {
            return new ShortMessage(status, d1, d2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static MidiEvent ev(int status, int d1, int d2, long tick) {
        return new MidiEvent(sm(status, d1, d2), tick);
    }

    static MidiEvent tempo(double bpm, long tick) {
        int micros = (int) Math.round(60_000_000.0 / bpm);
        return tempoMicros(micros, tick);
    }

    static MidiEvent tempoMicros(int micros, long tick) {
        try {
            return new MidiEvent(new MetaMessage(0x51,
                    new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros}, 3), tick);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static MidiEvent text(String s, long tick) {
        try {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            return new MidiEvent(new MetaMessage(0x01, b, b.length), tick);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static MidiEvent sysex(long tick, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        try {
            return new MidiEvent(new SysexMessage(b, b.length), tick);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Sequence ppq(int resolution) {
        try {
            return new Sequence(Sequence.PPQ, resolution);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] write(Sequence s, int type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(s, type, out);
        return out.toByteArray();
    }

    static Sequence read(byte[] smf) throws IOException, InvalidMidiDataException {
        return MidiSystem.getSequence(new ByteArrayInputStream(smf));
    }

    /**
     * Reference model, written independently of TempoMap: the exact time of a tick in µs as a
     * BigInteger fraction summed tempo by tempo, then frame = ceil(time * sampleRate).
     */
    static final class Reference {
        final long[] ticks;
        final long[] micros;
        final int ppq;
        final long sampleRate;

        Reference(Sequence s, long sampleRate) {
            List<long[]> ch = new ArrayList<>();
            ch.add(new long[] {0, 500_000});
            for (Track t : s.getTracks()) {
                for (int i = 0; i < t.size(); i++) {
                    MidiMessage m = t.get(i).getMessage();
                    if (m instanceof MetaMessage && ((MetaMessage) m).getType() == 0x51) {
                        byte[] d = ((MetaMessage) m).getData();
                        ch.add(new long[] {t.get(i).getTick(),
                                (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | (d[2] & 0xFF)});
                    }
                }
            }
            // stable: for equal ticks the later (track order, then order) wins
            ch.sort((a, b) -> Long.compare(a[0], b[0]));
            ticks = new long[ch.size()];
            micros = new long[ch.size()];
            for (int i = 0; i < ch.size(); i++) {
                ticks[i] = ch.get(i)[0];
                micros[i] = ch.get(i)[1];
            }
            ppq = s.getResolution();
            this.sampleRate = sampleRate;
        }

        /** Exact microseconds * ppq of a tick. */
        BigInteger microsTimesPpq(long tick) {
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < ticks.length; i++) {
                long from = ticks[i];
                if (from >= tick) {
                    break;
                }
                long to = tick;
                // the next change with a larger tick ends this tempo
                for (int j = i + 1; j < ticks.length; j++) {
                    if (ticks[j] > from) {
                        to = Math.min(to, ticks[j]);
                        break;
                    }
                }
                // among changes on the same tick only the last counts
                if (i + 1 < ticks.length && ticks[i + 1] == from) {
                    continue;
                }
                sum = sum.add(BigInteger.valueOf(to - from).multiply(BigInteger.valueOf(micros[i])));
            }
            return sum;
        }

        long frame(long tick) {
            BigInteger num = microsTimesPpq(tick).multiply(BigInteger.valueOf(sampleRate));
            BigInteger den = BigInteger.valueOf(ppq).multiply(BigInteger.valueOf(1_000_000));
            BigInteger[] qr = num.divideAndRemainder(den);
            return qr[1].signum() > 0 ? qr[0].longValueExact() + 1 : qr[0].longValueExact();
        }
    }

    /** One expected or delivered event: destination, frame, bytes (SysEx length in d1/d2 = -1). */
    record Hit(int dest, long frame, int status, int d1, int d2) implements Comparable<Hit> {
        @Override
        public int compareTo(Hit o) {
            int c = Long.compare(frame, o.frame);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(dest, o.dest);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(status, o.status);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(d1, o.d1);
            return c != 0 ? c : Integer.compare(d2, o.d2);
        }

        @Override
        public String toString() {
            return String.format("d%d@%d %02X %d %d", dest, frame, status, d1, d2);
        }
    }

    /** Expected hits of every non-meta event of a sequence, using the reference model. */
    static List<Hit> expected(Sequence s, long sampleRate, SequencePlayer.Router router) {
        Reference ref = new Reference(s, sampleRate);
        List<Hit> out = new ArrayList<>();
        Track[] tracks = s.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            for (int i = 0; i < tracks[t].size(); i++) {
                MidiEvent e = tracks[t].get(i);
                MidiMessage m = e.getMessage();
                if (m instanceof ShortMessage) {
                    ShortMessage x = (ShortMessage) m;
                    out.add(new Hit(router.destination(t, x.getChannel()), ref.frame(e.getTick()), x.getStatus(),
                            x.getData1(), x.getData2()));
                } else if (m instanceof SysexMessage) {
                    byte[] b = m.getMessage();
                    out.add(new Hit(router.destination(t, -1), ref.frame(e.getTick()), b[0] & 0xFF, -1, b.length));
                }
            }
        }
        return out;
    }

    /**
     * Records what the player sends in primitive arrays allocated up front (no allocation per
     * event), with the absolute frame = the cycle's base frame + offset.
     */
    static final class RecordingSink implements SequenceSink {
        final int capacity;
        final int[] dest;
        final long[] frame;
        final int[] status;
        final int[] d1;
        final int[] d2;
        int size;
        long base;
        int cycleFrames = Integer.MAX_VALUE;
        int offsetErrors;

        RecordingSink(int capacity) {
            this.capacity = capacity;
            dest = new int[capacity];
            frame = new long[capacity];
            status = new int[capacity];
            d1 = new int[capacity];
            d2 = new int[capacity];
        }

        @Override
        public void shortMessage(int destination, int offset, int st, int a, int b) {
            add(destination, offset, st, a, b);
        }

        @Override
        public void sysex(int destination, int offset, byte[] message) {
            add(destination, offset, message[0] & 0xFF, -1, message.length);
        }

        private void add(int destination, int offset, int st, int a, int b) {
            if (offset < 0 || offset >= cycleFrames) {
                offsetErrors++;
            }
            int i = size % capacity;
            dest[i] = destination;
            frame[i] = base + offset;
            status[i] = st;
            d1[i] = a;
            d2[i] = b;
            size++;
        }

        List<Hit> hits() {
            List<Hit> out = new ArrayList<>();
            for (int i = 0; i < Math.min(size, capacity); i++) {
                out.add(new Hit(dest[i], frame[i], status[i], d1[i], d2[i]));
            }
            return out;
        }
    }

    /** Whether tools must be present (set by CI): then a missing tool fails instead of skipping. */
    static boolean toolsRequired() {
        return Boolean.getBoolean("midirack.requireTools");
    }

    /**
     * Runs abc2midi on ABC text and reads the file; skips the test visibly when abc2midi is not
     * installed, fails when {@code -Dmidirack.requireTools=true}.
     */
    static File abc2midi(Path dir, String name, String abc) throws Exception {
        Path abcFile = dir.resolve(name + ".abc");
        Files.writeString(abcFile, abc);
        return abc2midiFile(dir, abcFile, name);
    }

    static File abc2midiFile(Path dir, Path abcFile, String name) throws Exception {
        Path mid = dir.resolve(name + ".mid");
        Process p;
        try {
            p = new ProcessBuilder("abc2midi", abcFile.toString(), "-o", mid.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            String msg = "abc2midi is not installed (Debian package abcmidi): " + e.getMessage();
            if (toolsRequired()) {
                throw new AssertionError(msg + " but -Dmidirack.requireTools=true", e);
            }
            System.err.println("SKIPPED: " + msg);
            Assumptions.abort(msg);
            return null;
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("abc2midi did not finish within 60 s");
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(mid)) {
            throw new AssertionError("abc2midi failed (exit " + p.exitValue() + "): "
                    + Files.readString(dir.resolve(name + ".log")));
        }
        return mid.toFile();
    }
}
