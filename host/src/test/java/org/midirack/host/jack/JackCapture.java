package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A JACK capture client of the test's own: one audio input port, recording a take of a given length
 * from the server's frame clock. A take with an xrun (a cycle the machine ran late, which can drop
 * or repeat a block whatever the clients do) is thrown away and recorded again.
 */
final class JackCapture implements AutoCloseable {
    final JackClient client;
    final JackPort in;
    private final float[] take;
    private final AtomicLong xruns = new AtomicLong();
    private volatile boolean armed;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile int count;
    private volatile CountDownLatch full = new CountDownLatch(1);

    JackCapture(String name, int frames) throws JackException {
        take = new float[frames];
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        in = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        client.setXrunCallback(c -> xruns.incrementAndGet());
        client.setProcessCallback((c, nframes) -> {
            if (ending) {
                ended = true;
                return false;
            }
            if (armed) {
                FloatBuffer fb = in.getFloatBuffer();
                int n = count;
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

    String portName() {
        return in.getName();
    }

    /** Records takes until one has no xrun (at most 10). */
    float[] record() throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            count = 0;
            full = new CountDownLatch(1);
            long x0 = xruns.get();
            armed = true;
            if (!full.await(60, TimeUnit.SECONDS)) {
                armed = false;
                fail("recorded only " + count + " of " + take.length + " frames in 60 s");
            }
            if (xruns.get() == x0) {
                return Arrays.copyOf(take, take.length);
            }
            System.out.println("JackCapture: take " + attempt + " had an xrun, recording again");
        }
        fail("10 takes in a row had xruns");
        return null;
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
