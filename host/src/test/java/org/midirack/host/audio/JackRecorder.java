package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A second JACK client with one input port that records what arrives, to check that an output's
 * samples reach the server unchanged. A take during which JACK reported an xrun (a cycle the machine
 * could not run in time, which may drop a block through no fault of the output) is thrown away and
 * recorded again.
 */
public final class JackRecorder implements AutoCloseable {

    final JackClient client;
    final JackPort in;
    private final float[] take;
    private final AtomicLong xruns = new AtomicLong();
    private volatile boolean armed;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile int count;
    private volatile CountDownLatch full = new CountDownLatch(1);

    private final boolean fromFirstSound;

    /** A recorder whose take starts at the first non-zero sample. @thread test */
    JackRecorder(String name, int samples) throws JackException {
        this(name, samples, true);
    }

    /**
     * A recorder of {@code samples} frames; {@code fromFirstSound}: the take starts at the first non-zero
     * sample, else at the first frame after {@link #recordWithoutXrun} was called.
     * @thread test
     */
    public JackRecorder(String name, int samples, boolean fromFirstSound) throws JackException {
        this.fromFirstSound = fromFirstSound;
        take = new float[samples];
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        in = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        client.setXrunCallback(c -> xruns.incrementAndGet());
        client.setProcessCallback((c, frames) -> {
            if (ending) {
                ended = true;
                return false; // libjack ends the thread itself: see AudioOutputJack.closeClient
            }
            if (armed) {
                FloatBuffer fb = in.getFloatBuffer();
                int n = count;
                for (int i = 0; i < frames && n < take.length; i++) {
                    float v = fb.get(i);
                    if (n > 0 || v != 0f || !fromFirstSound) {
                        take[n++] = v;
                    }
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

    /** The full name of the recorder's input port. @thread test */
    public String portName() {
        return in.getName();
    }

    /** Records takes until one has no xrun (at most 10). @thread test */
    public float[] recordWithoutXrun() throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            count = 0;
            full = new CountDownLatch(1);
            long x0 = xruns.get();
            armed = true;
            if (!full.await(60, TimeUnit.SECONDS)) {
                armed = false;
                fail("recorded only " + count + " of " + take.length + " samples in 60 s");
            }
            if (xruns.get() == x0) {
                return Arrays.copyOf(take, take.length);
            }
            System.out.println("JackRecorder: take " + attempt + " had an xrun, recording again");
        }
        fail("10 takes in a row had xruns");
        return null;
    }

    @Override
    public void close() {
        ending = true;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!ended && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        client.close();
    }
}
