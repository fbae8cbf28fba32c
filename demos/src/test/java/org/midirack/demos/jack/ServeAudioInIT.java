package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --fx delay} has audio inputs {@code in_1}, {@code in_2} feeding the delay: a JACK client of
 * the test's own sends one sample of 1.0 into {@code in_1} while another records that client's port and
 * serve's {@code out_1} on one frame clock. The delay's documented formula (an eighth note at 120 BPM and
 * 48 kHz is 12000 frames; {@code out = 0.65 * in + 0.35 * wet}, {@code wet} the line 12000 frames back,
 * {@code line = in + 0.4 * wet}; defaults mix 0.35, feedback 0.4, damping 0) gives the expected take from
 * the captured input alone: 0.65 on the impulse's frame, then 0.35, 0.14, 0.056 ... every 12000 frames,
 * silence elsewhere. Without an audio effect, serve has no audio inputs.
 */
class ServeAudioInIT {
    private static final int RATE = 48_000;
    private static final int DELAY = 12_000;

    @TempDir
    Path dir;

    private JackPrograms.Running serve(JackPrograms programs, String... args) throws Exception {
        String p = System.getProperty("midirack.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "midirack.jar");
        assertTrue(Files.isRegularFile(jar), "built jar missing: " + jar.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar.toAbsolutePath().toString(), "serve"));
        cmd.addAll(List.of(args));
        JackPrograms.Running r = programs.start(dir, cmd.toArray(new String[0]));
        JackPrograms.awaitOutput(r, "Ctrl-C stops");
        return r;
    }

    @Test
    void anImpulseIntoServesIn1ComesOutOfItsDelayOnTheFramesTheFormulaGives() throws Exception {
        JackPrograms.requireServer();
        String name = "mr-ain-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running plain = serve(programs, "--instrument", "sine", "--name", name + "-plain");
            assertFalse(plain.text().contains(":in_1"), "no audio effect, no audio input:\n" + plain.text());
            assertFalse(JackPrograms.ports().contains(name + "-plain:in_1"), "in_1 without an audio effect");
            JackPrograms.terminate(plain);

            JackPrograms.Running serve = serve(programs, "--instrument", "sine", "--fx", "delay", "--name", name);
            for (String port : List.of("in_1", "in_2")) {
                assertTrue(serve.text().contains(name + ":" + port), "serve names " + port + ":\n" + serve.text());
            }
            int length = 3 * RATE;
            float[] ref = new float[length];
            float[] got = new float[length];
            int[] count = new int[1];
            java.util.concurrent.atomic.AtomicBoolean capturing = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean impulseNext = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch[] full = {new CountDownLatch(1)};
            int impulse = -1;
            JackClient client = Jack.getInstance().openClient(name + "-t", EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            try {
                JackPort send = client.registerPort("send", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
                JackClient cap = Jack.getInstance().openClient(name + "-c", EnumSet.of(JackOptions.JackNoStartServer),
                        EnumSet.noneOf(JackStatus.class));
                JackPort outIn = cap.registerPort("out", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
                JackPort refIn2 = cap.registerPort("ref", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
                java.util.concurrent.atomic.AtomicLong xruns = new java.util.concurrent.atomic.AtomicLong();
                cap.setXrunCallback(c -> xruns.incrementAndGet());
                client.setProcessCallback((c, n) -> {
                    java.nio.FloatBuffer fb = send.getFloatBuffer();
                    boolean now = impulseNext.getAndSet(false);
                    for (int i = 0; i < n; i++) {
                        fb.put(i, now && i == 37 ? 1f : 0f);
                    }
                    return true;
                });
                cap.setProcessCallback((c, n) -> {
                    if (capturing.get()) {
                        int k = Math.min(n, length - count[0]);
                        refIn2.getFloatBuffer().get(0, ref, count[0], k);
                        outIn.getFloatBuffer().get(0, got, count[0], k);
                        count[0] += k;
                        if (count[0] == length) {
                            capturing.set(false);
                            full[0].countDown();
                        }
                    }
                    return true;
                });
                try {
                    client.activate();
                    cap.activate();
                    JackPrograms.connect(send.getName(), name + ":in_1");
                    JackPrograms.connect(send.getName(), cap.getName() + ":ref");
                    JackPrograms.connect(name + ":out_1", cap.getName() + ":out");
                    Thread.sleep(300);
                    // a cycle JACK drops (an xrun on a loaded machine) can lose the impulse: up to five takes, each
                    // after the echoes of the one before have died away below the tolerance (13 echoes, 3.25 s)
                    boolean clean = false;
                    for (int attempt = 0; attempt < 5 && !clean; attempt++) {
                        if (attempt > 0) {
                            System.out.println("serve --fx delay: take " + attempt + " had an xrun or no impulse, again");
                            Thread.sleep(3_500);
                        }
                        impulse = -1;
                        long x0 = xruns.get();
                        count[0] = 0;
                        full[0] = new CountDownLatch(1);
                        capturing.set(true);
                        Thread.sleep(100);
                        impulseNext.set(true);
                        assertTrue(full[0].await(30, TimeUnit.SECONDS), "the capture did not fill");
                        for (int i = 0; i < length && impulse < 0; i++) {
                            impulse = ref[i] == 1f ? i : -1;
                        }
                        // an xrun (a cycle the loaded machine ran late) drops a block for every client: take again
                        clean = impulse >= 0 && xruns.get() == x0;
                    }
                    assertTrue(clean, "five takes in a row had an xrun or lost the impulse");
                } finally {
                    cap.close();
                }
            } finally {
                client.close();
            }
            JackPrograms.terminate(serve);
            double wet = 1;
            int checked = 0;
            for (int i = 0; i < length; i++) {
                double want = 0;
                if (i == impulse) {
                    want = 0.65;
                } else if (i > impulse && (i - impulse) % DELAY == 0) {
                    want = 0.35 * wet;
                    wet *= 0.4;
                }
                assertEquals(want, got[i], 1e-5, "out_1 " + (i - impulse) + " frames after the impulse entered in_1");
                checked += want != 0 ? 1 : 0;
            }
            System.out.println("serve --fx delay: an impulse into in_1 comes out of out_1 on its frame and " + (checked - 1)
                    + " echoes every 12000 frames, as the delay's formula gives");
        }
    }
}
