package org.midirack.demos.gui;

import org.midirack.core.Transport;
import org.midirack.host.CycleListener;

/**
 * The transport the nodes see, taken at the start of every host cycle on the render thread and
 * read whole by any other thread. A {@link CycleListener} (the host's any-thread API for watching
 * its cycles): the render thread copies the cycle's transport into volatile primitives between two
 * increments of a sequence number (no allocation, no lock, no wait); a reader retries until it
 * saw the same even sequence number before and after reading, so it never gets the tempo of one
 * cycle with the beat of another.
 */
public final class TransportProbe implements CycleListener {
    /** One cycle's transport, as the nodes saw it. */
    public record Snapshot(long cycle, double sampleRate, int frames, double tempo, double beat, int timeSigNumerator,
                           int timeSigDenominator, double barStartBeat, boolean playing, boolean recording,
                           long samplePosition, boolean loopActive, double loopStartBeat, double loopEndBeat) {
    }

    private volatile long seq;
    private volatile long cycle;
    private volatile double sampleRate;
    private volatile int frames;
    private volatile double tempo;
    private volatile double beat;
    private volatile int num;
    private volatile int den;
    private volatile double barStart;
    private volatile boolean playing;
    private volatile boolean recording;
    private volatile long samplePosition;
    private volatile boolean loopActive;
    private volatile double loopStart;
    private volatile double loopEnd;

    /** @thread render */
    @Override
    public void cycleStart(Transport t) {
        long s = seq;
        seq = s + 1;
        cycle = cycle + 1;
        sampleRate = t.sampleRate();
        frames = t.frames();
        tempo = t.tempo();
        beat = t.beat();
        num = t.timeSigNumerator();
        den = t.timeSigDenominator();
        barStart = t.barStartBeat();
        playing = t.playing();
        recording = t.recording();
        samplePosition = t.samplePosition();
        loopActive = t.loopActive();
        loopStart = t.loopStartBeat();
        loopEnd = t.loopEndBeat();
        seq = s + 2;
    }

    /**
     * The transport of the last cycle that started, or null before the first.
     * @thread any (not render: allocates the snapshot)
     */
    public Snapshot read() {
        while (true) {
            long s1 = seq;
            if ((s1 & 1) == 0) {
                Snapshot snap = new Snapshot(cycle, sampleRate, frames, tempo, beat, num, den, barStart, playing,
                        recording, samplePosition, loopActive, loopStart, loopEnd);
                if (seq == s1) {
                    return snap.cycle() == 0 ? null : snap;
                }
            }
            Thread.onSpinWait();
        }
    }
}
