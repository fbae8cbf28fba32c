package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * The test's own JACK client: an audio input and a MIDI input, recorded together on one frame
 * clock (the frames of the cycles since the take started), so a MIDI event another program sent and
 * the audio midirack made of it can be compared frame for frame. A take with an xrun is recorded
 * again (a late cycle can drop a block whatever the clients do).
 */
final class JackTake implements AutoCloseable {
    /** A MIDI event of the take: its frame on the take's clock and its first two bytes. */
    record Event(long frame, int status, int data1) {
    }

    final JackClient client;
    final JackPort audio;
    final JackPort midi;
    private final float[] take;
    private final List<Event> events = new ArrayList<>();
    private final AtomicLong xruns = new AtomicLong();
    private final JackMidi.Event ev = new JackMidi.Event();
    private final byte[] bytes = new byte[3];
    private volatile boolean armed;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile int count;
    private volatile CountDownLatch full = new CountDownLatch(1);

    JackTake(String name, int frames) throws JackException {
        take = new float[frames];
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        audio = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        midi = client.registerPort("midi", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        client.setXrunCallback(c -> xruns.incrementAndGet());
        client.setProcessCallback((c, nframes) -> {
            if (ending) {
                ended = true;
                return false;
            }
            if (armed) {
                int n = count;
                try {
                    int k = JackMidi.getEventCount(midi);
                    for (int i = 0; i < k; i++) {
                        JackMidi.eventGet(ev, midi, i);
                        if (n + ev.time() < take.length && ev.size() >= 2 && ev.size() <= 3) {
                            ev.read(bytes);
                            synchronized (events) {
                                events.add(new Event(n + ev.time(), bytes[0] & 0xFF, bytes[1] & 0xFF));
                            }
                        }
                    }
                } catch (JackException e) {
                    // counted as a missing event by the test
                }
                FloatBuffer fb = audio.getFloatBuffer();
                for (int i = 0; i < nframes && n < take.length; i++) {
                    take[n++] = fb.get(i);
                }
                count = n;
                if (n == take.length) {
                    armed = false;
                    full.countDown();
                }
            }
            return true;
        });
        client.activate();
    }

    /** Records until a take has no xrun (10 tries); returns the audio, and the MIDI in {@link #events()}. */
    float[] record() throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            count = 0;
            synchronized (events) {
                events.clear();
            }
            full = new CountDownLatch(1);
            long x0 = xruns.get();
            armed = true;
            if (!full.await(60, TimeUnit.SECONDS)) {
                armed = false;
                fail("recorded only " + count + " of " + take.length + " frames in 60 s");
            }
            if (xruns.get() == x0) {
                return take.clone();
            }
            System.out.println("JackTake: take " + attempt + " had an xrun, recording again");
        }
        fail("10 takes in a row had xruns");
        return null;
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        ending = true;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!ended && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000L);
        }
        LockSupport.parkNanos(20_000_000L);
        client.close();
    }
}
