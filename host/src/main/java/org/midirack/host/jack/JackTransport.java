package org.midirack.host.jack;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.midirack.host.audio.JackClientHook;
import org.midirack.host.transport.ClockFollower;

/**
 * JACK transport as host sync, on the client of an {@link org.midirack.host.audio.AudioOutputJack}:
 * hand it to the output (with {@link JackClientHook#all}) and to
 * {@code host.transport().followClock}. At the start
 * of every process callback, before the host renders, it reads JACK's transport for this very cycle
 * ({@code jack_transport_query}), so the nodes see a start, stop, locate or tempo change in the cycle
 * JACK makes it.
 *
 * <ul>
 * <li>{@link Mode#FOLLOW}: the host follows JACK: rolling is playing; the beat is the timebase
 * master's bar/beat/tick (in quarter notes: a beat of {@code beat_type} 8 is half a quarter), its
 * tempo the master's {@code beats_per_minute}; without a master the beat is the transport frame at
 * {@link #setTempo the tempo set here}. The master's beat is taken every cycle; a frame that is not
 * where the last cycle left off is a relocation: the host moves there (nodes see it as one).</li>
 * <li>{@link Mode#LEAD}: midirack is the timebase master: it publishes bar, beat, tick and tempo
 * (the tempo set here, 4/4, 1920 ticks per beat) for the transport frame every client sees, and
 * the host follows the same beat. Rolling and locating stay JACK's, as any client asks
 * ({@code jack_transport}, another sequencer); {@link #start} rolls it.</li>
 * </ul>
 * Nothing is allocated on the process thread by this class: the position is read into, and written
 * from, one native block through direct-mapped calls ({@code memcpy} for the master's callback,
 * whose argument is JACK's own structure).
 */
public final class JackTransport implements JackClientHook, ClockFollower {
    /** Who leads. */
    public enum Mode {
        /** The host follows JACK's transport and its timebase master. */
        FOLLOW,
        /** midirack is JACK's timebase master. */
        LEAD
    }

    /** Ticks per beat published as master. */
    public static final double TICKS_PER_BEAT = 1920;
    private static final double BEATS_PER_BAR = 4;
    /** A master's beat this far from where the last cycle's beat leads is counted as a relocation. */
    private static final double JUMP_BEATS = 2.0 / TICKS_PER_BEAT;

    /** JACK's timebase callback, direct-mapped: every pointer a long. */
    interface TimebaseCallback extends Callback {
        void invoke(int state, int nframes, long position, int newPosition, long arg);
    }

    private final Mode mode;
    private final Memory position = new Memory(JackNative.POSITION_SIZE);
    private final Memory master = new Memory(JackNative.POSITION_SIZE);
    private final long positionAddr = JackNative.address(position);
    private final long masterAddr = JackNative.address(master);
    private final TimebaseCallback callback = this::timebase;
    private volatile long client;
    private volatile JackClient jackClient;
    private volatile double tempoSet;

    // render thread (process callback and, as master, the timebase callback on the same thread)
    private double rate = 48_000;
    private boolean known;
    private long lastFrame;
    private boolean lastRolling;
    private int lastFrames;
    private double lastBeat;
    private double lastTempo;
    private double anchorBeat;
    private long anchorFrame;
    private double anchorTempo;
    private double beatNow;
    private double tempoNow;
    private boolean rollingNow;
    private double jump = Double.NaN;
    private long frameTime;

    private volatile long relocations;
    private volatile long cycleFrameTime;

    /**
     * A transport link.
     *
     * @param mode follow or lead
     * @param tempo the tempo to lead with, or to follow a transport with no timebase master at, 1..1000 BPM
     * @thread main
     */
    public JackTransport(Mode mode, double tempo) {
        if (mode == null) {
            throw new IllegalArgumentException("transport mode is null");
        }
        JackNative.bind();
        this.mode = mode;
        setTempo(tempo);
        anchorTempo = tempo;
        if (mode == Mode.LEAD) {
            Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, false, "jack-timebase"));
        }
    }

    /**
     * Follow or lead.
     *
     * @return the mode
     * @thread any
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The tempo to lead with (or to follow a transport without a master at), from the next cycle.
     *
     * @param bpm 1 .. 1000 quarter notes per minute
     * @throws IllegalArgumentException outside that range
     * @thread any
     */
    public void setTempo(double bpm) {
        if (!(bpm >= 1 && bpm <= 1000)) {
            throw new IllegalArgumentException("tempo " + bpm + " BPM is outside 1 .. 1000");
        }
        tempoSet = bpm;
    }

    /** @thread main or audio session supervisor */
    @Override
    public void register(Jack jack, JackClient c) throws JackException {
        rate = c.getSampleRate();
        known = false;
        jackClient = c;
        client = JackNative.address(c);
    }

    /** @thread main or audio session supervisor */
    @Override
    public void activated(Jack jack, JackClient c) throws JackException {
        if (mode == Mode.LEAD) {
            int r = JackNative.jack_set_timebase_callback(client, 0, callback, 0);
            if (r != 0) {
                throw new JackException("JACK refused midirack as timebase master (error " + r + ")");
            }
        }
    }

    /**
     * Asks JACK's transport to roll (JACK starts it at a coming cycle, for every client).
     *
     * @throws IllegalStateException when no client is open
     * @thread any (not render)
     */
    public void start() {
        JackClient c = jackClient;
        if (c == null) {
            throw new IllegalStateException("no JACK client is open");
        }
        try {
            c.transportStart();
        } catch (JackException e) {
            throw new IllegalStateException("JACK transport start: " + e.getMessage(), e);
        }
    }

    /** @thread main or audio session supervisor */
    @Override
    public void closed() {
        client = 0;
        jackClient = null;
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleStart(int nframes, boolean rendering) {
        long c = client;
        if (c == 0) {
            return;
        }
        int state = JackNative.jack_transport_query(c, positionAddr);
        frameTime = JackNative.jack_last_frame_time(c) & 0xFFFFFFFFL;
        cycleFrameTime = frameTime;
        long frame = position.getInt(JackNative.POS_FRAME) & 0xFFFFFFFFL;
        int valid = position.getInt(JackNative.POS_VALID);
        boolean rolling = state == JackNative.TRANSPORT_ROLLING;
        double set = tempoSet;
        boolean jumped = !known || frame != lastFrame + (lastRolling ? lastFrames : 0);
        if (mode == Mode.FOLLOW && (valid & JackNative.POSITION_BBT) != 0) {
            double q = quarterPerBeat(position.getFloat(JackNative.POS_BEAT_TYPE));
            double tpb = position.getDouble(JackNative.POS_TICKS_PER_BEAT);
            double beat = ((position.getInt(JackNative.POS_BAR) - 1) * (double) position.getFloat(JackNative.POS_BEATS_PER_BAR)
                    + (position.getInt(JackNative.POS_BEAT) - 1)
                    + (tpb > 0 ? position.getInt(JackNative.POS_TICK) / tpb : 0)) * q;
            double bpm = position.getDouble(JackNative.POS_BPM) * q;
            double expected = lastBeat + (lastRolling ? lastFrames * lastTempo / (60 * rate) : 0);
            double off = Math.abs(beat - expected);
            beatNow = beat;
            tempoNow = bpm >= 1 && bpm <= 1000 ? bpm : set;
            if (!jumped && off > 1e-9) {
                // the master's beat is the truth every cycle (jack_transport's own, for one, rounds its
                // ticks down each cycle and falls behind its tempo): the host takes it; a step of more
                // than two ticks is counted as a relocation
                jump = beat;
                if (off > JUMP_BEATS) {
                    relocations = relocations + 1;
                }
                remember(frame, rolling, nframes);
                return;
            }
        } else {
            if (set != anchorTempo) {
                anchorBeat = beatOf(frame);
                anchorFrame = frame;
                anchorTempo = set;
            }
            beatNow = beatOf(frame);
            tempoNow = set;
        }
        jump = jumped ? beatNow : Double.NaN;
        if (jumped && known) {
            relocations = relocations + 1;
        }
        remember(frame, rolling, nframes);
    }

    private void remember(long frame, boolean rolling, int nframes) {
        rollingNow = rolling;
        known = true;
        lastFrame = frame;
        lastRolling = rolling;
        lastFrames = nframes;
        lastBeat = beatNow;
        lastTempo = tempoNow;
    }

    private static double quarterPerBeat(float beatType) {
        return beatType > 0 ? 4.0 / beatType : 1;
    }

    /** The beat at a transport frame by the leading tempo's anchor. */
    private double beatOf(long frame) {
        return anchorBeat + (frame - anchorFrame) * anchorTempo / (60 * rate);
    }

    /** As master: bar, beat, tick and tempo for the frame JACK asks about. @thread render */
    private void timebase(int state, int nframes, long pos, int newPosition, long arg) {
        JackNative.LibC.memcpy(masterAddr, pos, JackNative.POSITION_SIZE);
        long frame = master.getInt(JackNative.POS_FRAME) & 0xFFFFFFFFL;
        // whole ticks (a millionth of a tick of rounding error is not allowed to drop one), then bar and beat
        long ticks = (long) Math.floor(beatOf(frame) * TICKS_PER_BEAT + 1e-6);
        long beats = Math.floorDiv(ticks, (long) TICKS_PER_BEAT);
        int tick = (int) Math.floorMod(ticks, (long) TICKS_PER_BEAT);
        long barIndex = Math.floorDiv(beats, (long) BEATS_PER_BAR);
        int beatIndex = (int) Math.floorMod(beats, (long) BEATS_PER_BAR);
        master.setInt(JackNative.POS_VALID, master.getInt(JackNative.POS_VALID) | JackNative.POSITION_BBT);
        master.setInt(JackNative.POS_BAR, (int) barIndex + 1);
        master.setInt(JackNative.POS_BEAT, (int) beatIndex + 1);
        master.setInt(JackNative.POS_TICK, tick);
        master.setDouble(JackNative.POS_BAR_START_TICK, barIndex * BEATS_PER_BAR * TICKS_PER_BEAT);
        master.setFloat(JackNative.POS_BEATS_PER_BAR, (float) BEATS_PER_BAR);
        master.setFloat(JackNative.POS_BEAT_TYPE, 4f);
        master.setDouble(JackNative.POS_TICKS_PER_BEAT, TICKS_PER_BEAT);
        master.setDouble(JackNative.POS_BPM, anchorTempo);
        JackNative.LibC.memcpy(pos, masterAddr, JackNative.POSITION_SIZE);
    }

    /** @thread render */
    @Override
    public double tempo(int frames) {
        return known ? tempoNow : Double.NaN;
    }

    /** @thread render */
    @Override
    public boolean playing() {
        return rollingNow;
    }

    /** @thread render */
    @Override
    public double startBeat() {
        return beatNow;
    }

    /** @thread render */
    @Override
    public double relocation() {
        return jump;
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleEnd(int nframes, boolean rendering) {
    }

    /**
     * JACK's frame time of the cycle this link last read ({@code jack_last_frame_time}): the same
     * number every client of the server gets for that cycle.
     *
     * @return the frame time, or 0 before the first cycle
     * @thread any
     */
    public long cycleFrameTime() {
        return cycleFrameTime;
    }

    /**
     * Relocations seen (the transport frame or the master's beat jumped).
     *
     * @return the count
     * @thread any
     */
    public long relocations() {
        return relocations;
    }
}
