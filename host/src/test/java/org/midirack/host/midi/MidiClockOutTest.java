package org.midirack.host.midi;

import org.midirack.core.hosting.TransportState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiMessage;
import org.junit.jupiter.api.Test;

class MidiClockOutTest {

    /** A message that came out of the device, at its frame on the simulated audio clock. */
    record Out(long frame, int status, int d1, int d2) {
    }

    private static final class Session implements AutoCloseable {
        final MidiTestRig rig;
        final MidiTestRig.Capture capture;
        final MidiOutputRoute route;
        final MidiClockOut clock;
        final TransportState transport = new TransportState();
        double beat;
        double tempo = 120;
        boolean playing;

        Session(String name) throws Exception {
            rig = new MidiTestRig(name, 0, 0, 11);
            capture = new MidiTestRig.Capture(rig.port);
            route = rig.router.addOutput(rig.outputId());
            clock = new MidiClockOut(route);
            for (int i = 0; i < 10; i++) {
                rig.cycle();
            }
        }

        long cycle() {
            long start = rig.cycle();
            transport.set(MidiTestRig.RATE, MidiTestRig.FRAMES, tempo, beat, start);
            transport.setState(playing, false, false);
            clock.process(transport, start);
            rig.router.flushOutputs();
            if (playing) {
                beat += MidiTestRig.FRAMES * tempo / 60 / MidiTestRig.RATE;
            }
            return start;
        }

        List<Out> out() {
            List<Out> list = new ArrayList<>();
            synchronized (capture.messages) {
                for (int i = 0; i < capture.messages.size(); i++) {
                    MidiMessage m = capture.messages.get(i);
                    byte[] b = m.getMessage();
                    long f = Math.round(rig.frameOfNanos(capture.stamps.get(i) * 1000.0));
                    list.add(new Out(f, b[0] & 0xFF, b.length > 1 ? b[1] : 0, b.length > 2 ? b[2] : 0));
                }
            }
            return list;
        }

        @Override
        public void close() {
            capture.close();
            rig.close();
        }
    }

    @Test
    void sends24ClocksPerQuarterOnTheExactFramesOfTheTempo() throws Exception {
        for (double tempo : new double[] {120, 133, 97.5}) {
            try (Session s = new Session("clock-out-" + tempo)) {
                s.tempo = tempo;
                s.playing = true;
                long start = s.cycle();
                while (s.beat < 8) {
                    s.cycle();
                }
                List<Out> out = s.out();
                assertEquals(new Out(start, 0xFA, 0, 0), out.get(0), "Start first, at play start");
                double framesPerTick = MidiTestRig.RATE * 60 / tempo / 24;
                int k = 0;
                for (Out o : out.subList(1, out.size())) {
                    assertEquals(0xF8, o.status());
                    long expected = start + (long) Math.ceil(k * framesPerTick - 1e-6);
                    assertEquals(expected, o.frame(), "clock " + k + " at " + tempo + " BPM");
                    k++;
                }
                long lastFrame = s.rig.frame - 1;
                long beatsCovered = (long) Math.floor((lastFrame - start) / framesPerTick);
                assertEquals(beatsCovered + 1, k, "one clock per 1/24 beat, none missing or extra");
                assertTrue(k >= 8 * 24);
                assertEquals(k, s.clock.ticks());
            }
        }
    }

    @Test
    void stopThenContinueFromElsewhereSendsSongPositionAndResumesOnTheSixteenth() throws Exception {
        try (Session s = new Session("clock-out-spp")) {
            s.playing = true;
            s.cycle();
            while (s.beat < 1) {
                s.cycle();
            }
            s.playing = false;
            long stopAt = s.cycle();
            s.cycle();
            s.beat = 2.3; // the user moved the playhead while stopped
            s.playing = true;
            long resumeAt = s.cycle();
            while (s.beat < 4) {
                s.cycle();
            }
            List<Out> out = s.out();
            int stop = out.indexOf(new Out(stopAt, 0xFC, 0, 0));
            assertTrue(stop > 0, "Stop at the first stopped cycle");
            // pointer: ceil(2.3 * 4) = 10 sixteenths, then Continue, then the clock of beat 2.5
            assertEquals(new Out(resumeAt, 0xF2, 10, 0), out.get(stop + 1));
            assertEquals(new Out(resumeAt, 0xFB, 0, 0), out.get(stop + 2));
            long firstTick = resumeAt + (long) Math.ceil((2.5 - 2.3) * 24000 - 1e-6);
            assertEquals(new Out(firstTick, 0xF8, 0, 0), out.get(stop + 3));
            assertEquals(1, s.clock.pointers());
            assertEquals(1, s.clock.continues());
        }
    }

    @Test
    void relocationWhilePlayingSendsStopPointerContinue() throws Exception {
        try (Session s = new Session("clock-out-jump")) {
            s.playing = true;
            s.cycle();
            s.cycle();
            s.beat = 16; // jump forward four bars
            long jumpAt = s.cycle();
            List<Out> out = s.out();
            int i = out.indexOf(new Out(jumpAt, 0xFC, 0, 0));
            assertTrue(i > 0);
            assertEquals(new Out(jumpAt, 0xF2, 64, 0), out.get(i + 1));
            assertEquals(new Out(jumpAt, 0xFB, 0, 0), out.get(i + 2));
            assertEquals(new Out(jumpAt, 0xF8, 0, 0), out.get(i + 3));
        }
    }
}
