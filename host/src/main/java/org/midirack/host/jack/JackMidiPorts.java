package org.midirack.host.jack;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.midirack.core.MidiMessages;
import org.midirack.core.CycleSysexQueue;
import org.midirack.host.Host;
import org.midirack.host.audio.JackClientHook;
import org.midirack.host.midi.MidiInputSink;

/**
 * A JACK MIDI input port and a JACK MIDI output port on the client of an
 * {@link org.midirack.host.audio.AudioOutputJack}, served in the process callback that renders the
 * host (hand an instance to the output's constructor).
 *
 * <p><b>In</b>: at the start of each callback, before the host renders, every event of the input
 * port is offered to the sink at its own frame ({@code jack_midi_event_t.time}) — the offset inside the
 * cycle the host renders next, so it sounds on exactly that frame (plus the receiving node's latency).
 * A system exclusive message (which the short-message FIFO cannot carry) goes, with {@link #sysexInto},
 * to the nodes linked from the host's MIDI input that take SysEx on the render thread
 * ({@link org.midirack.core.CycleSysexReceiver}), at its frame; when none of those links reaches the
 * output port's node, it also passes on to the output port unchanged, at its frame ({@link #sysexThru()}).
 * <p><b>Out</b>: after the host rendered, the messages a {@link JackMidiOutNode} collected go out with
 * {@code jack_midi_event_write} at their frames, merged in time order with the SysEx that node took (a
 * song's SysEx, SysEx from the input) and the SysEx passed through.
 * <p>Nothing is allocated in the callback: JACK's buffers are reached through {@link JackNative}'s
 * direct-mapped calls, events are copied through native blocks allocated here once.
 */
public final class JackMidiPorts implements JackClientHook {
    /** The largest system exclusive message taken from the input per cycle, and per cycle in total. */
    public static final int SYSEX_BYTES = 65536;
    private static final int SYSEX_EVENTS = 256;

    private final String inName;
    private final String outName;
    private final MidiInputSink sink;
    private final JackMidiOutNode outNode;
    private final List<String[]> connections = new ArrayList<>();

    private final Memory event = new Memory(JackNative.MIDI_EVENT_SIZE);
    private final Memory shortBytes = new Memory(8);
    private final Memory sysex = new Memory(SYSEX_BYTES);
    private final long eventAddr = JackNative.address(event);
    private final long shortAddr = JackNative.address(shortBytes);
    private final long sysexAddr = JackNative.address(sysex);
    private final Memory sysexOut = new Memory(JackMidiOutNode.SYSEX_MAX);
    private final long sysexOutAddr = JackNative.address(sysexOut);
    private final int[] sysexTime = new int[SYSEX_EVENTS];
    private final int[] sysexStart = new int[SYSEX_EVENTS];
    private final int[] sysexLength = new int[SYSEX_EVENTS];
    private int sysexCount;
    private int sysexUsed;

    /** The raw ports of the current client, published as one object. */
    private record Ports(JackPort in, JackPort out, long inAddr, long outAddr) {
    }

    private volatile Ports ports;
    private long outBuffer;

    private volatile long received;
    private volatile long refused;
    private volatile long ignored;
    private volatile long sysexThru;
    private volatile long sysexSent;
    private volatile long sysexToNodes;
    private volatile Host sysexHost;
    private final byte[] sysexScratch = new byte[SYSEX_BYTES];
    private volatile long sent;
    private volatile long notSent;
    private volatile long lost;

    /**
     * Ports with the given short names (either may be null for none).
     *
     * @param inName the input port's short name, e.g. "midi_in", or null for no input
     * @param sink where input events go, at their frame (e.g. {@code (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b)});
     *     null when {@code inName} is null
     * @param outName the output port's short name, e.g. "midi_out", or null for no output
     * @param outNode the node whose messages go out; null when {@code outName} is null
     * @throws IllegalArgumentException when a port is named without its sink or node, or no port at all
     * @thread main
     */
    public JackMidiPorts(String inName, MidiInputSink sink, String outName, JackMidiOutNode outNode) {
        if ((inName == null) != (sink == null) || (outName == null) != (outNode == null)) {
            throw new IllegalArgumentException("a JACK MIDI port needs its sink or node, and only then");
        }
        if (inName == null && outName == null) {
            throw new IllegalArgumentException("no JACK MIDI port named");
        }
        JackNative.bind();
        this.inName = inName;
        this.outName = outName;
        this.sink = sink;
        this.outNode = outNode;
    }

    /**
     * Connects two ports each time the client opens (and so again after the server came back). A
     * name without ':' is a port of this client ({@code midi_in}, {@code out_1}); JACK's connect takes
     * the output port first, so give the source first.
     *
     * @param from the output port sending
     * @param to the input port receiving
     * @return this
     * @thread main (before the output opens)
     */
    public JackMidiPorts connectOnOpen(String from, String to) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new IllegalArgumentException("a JACK connection needs two port names");
        }
        connections.add(new String[] {from, to});
        return this;
    }

    /**
     * Sends the system exclusive messages of the input port into a host's MIDI input as well: every node
     * a MIDI link from {@link Host#BOUNDARY} reaches that takes SysEx on the render thread
     * ({@link org.midirack.core.CycleSysexReceiver}, e.g. the Gervill instrument) gets each at its frame,
     * in the process callback, with no lock and no allocation ({@link Host#offerSysexInCycle}).
     *
     * @param host the host rendered in this client's process callback
     * @return this
     * @thread main (before the output opens)
     */
    public JackMidiPorts sysexInto(Host host) {
        this.sysexHost = host;
        return this;
    }

    /**
     * Whether there is an input port ({@code inName} was given).
     *
     * @return true with an input port
     * @thread any
     */
    public boolean hasInput() {
        return inName != null;
    }

    /**
     * Whether there is an output port ({@code outName} was given).
     *
     * @return true with an output port
     * @thread any
     */
    public boolean hasOutput() {
        return outName != null;
    }

    /**
     * Full names of the ports on the current client, input first; empty when no client is open.
     *
     * @return the names
     * @thread any
     */
    public List<String> portNames() {
        Ports p = ports;
        List<String> names = new ArrayList<>();
        if (p != null) {
            if (p.in() != null) {
                names.add(p.in().getName());
            }
            if (p.out() != null) {
                names.add(p.out().getName());
            }
        }
        return names;
    }

    /** @thread main or audio session supervisor */
    @Override
    public void register(Jack jack, JackClient client) throws JackException {
        JackPort in = inName == null ? null
                : client.registerPort(inName, JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        JackPort out = outName == null ? null
                : client.registerPort(outName, JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        ports = new Ports(in, out, in == null ? 0 : JackNative.address(in), out == null ? 0 : JackNative.address(out));
    }

    /** @thread main or audio session supervisor */
    @Override
    public void activated(Jack jack, JackClient client) throws JackException {
        String own = client.getName() + ":";
        for (String[] c : connections) {
            connect(jack, client, c[0].contains(":") ? c[0] : own + c[0], c[1].contains(":") ? c[1] : own + c[1]);
        }
    }

    private static void connect(Jack jack, JackClient client, String from, String to) throws JackException {
        try {
            jack.connect(client, from, to);
        } catch (JackException e) {
            throw new JackException("cannot connect JACK port '" + from + "' to '" + to + "': is each port there,"
                    + " the first an output and the second an input of the same type? (jack_lsp -t lists them)", e);
        }
    }

    /** @thread main or audio session supervisor */
    @Override
    public void closed() {
        ports = null;
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleStart(int nframes, boolean rendering) {
        Ports p = ports;
        outBuffer = 0;
        sysexCount = 0;
        sysexUsed = 0;
        if (p == null) {
            return;
        }
        if (p.outAddr() != 0) {
            long b = JackNative.jack_port_get_buffer(p.outAddr(), nframes);
            JackNative.jack_midi_clear_buffer(b);
            outBuffer = b;
            outNode.beginJackCycle();
        }
        if (p.inAddr() != 0) {
            long b = JackNative.jack_port_get_buffer(p.inAddr(), nframes);
            int lostNow = JackNative.jack_midi_get_lost_event_count(b);
            if (lostNow > 0) {
                lost = lost + lostNow;
            }
            int n = JackNative.jack_midi_get_event_count(b);
            for (int i = 0; i < n; i++) {
                if (JackNative.jack_midi_event_get(eventAddr, b, i) != 0) {
                    continue;
                }
                if (rendering) {
                    take(event.getInt(JackNative.MIDI_EVENT_TIME), event.getLong(JackNative.MIDI_EVENT_BYTES),
                            event.getLong(JackNative.MIDI_EVENT_BUFFER));
                }
            }
        }
    }

    private void take(int time, long size, long data) {
        if (size <= 0) {
            return;
        }
        received = received + 1;
        JackNative.LibC.memcpy(shortAddr, data, Math.min(size, 3));
        int status = shortBytes.getByte(0) & 0xFF;
        if (status == 0xF0) {
            takeSysex(time, size, data);
            return;
        }
        int len = MidiMessages.dataLength(status);
        if (len < 0 || size < 1 + len) {
            ignored = ignored + 1;
            return;
        }
        int d1 = len > 0 ? shortBytes.getByte(1) & 0xFF : 0;
        int d2 = len > 1 ? shortBytes.getByte(2) & 0xFF : 0;
        if (!sink.offer(time, status, d1, d2)) {
            refused = refused + 1;
        }
    }

    /**
     * A system exclusive message from the input port: into the nodes linked from the host's MIDI input
     * that take SysEx on the render thread (with {@link #sysexInto}), and on to the output port directly
     * when no link brought it to the output's node (so midi_out carries what came in, as before nodes
     * could take SysEx). Staged in native memory first; the node gets it from a Java array kept here.
     */
    private void takeSysex(int time, long size, long data) {
        if (sysexCount == SYSEX_EVENTS || size > SYSEX_BYTES - sysexUsed) {
            ignored = ignored + 1;
            return;
        }
        JackNative.LibC.memcpy(sysexAddr + sysexUsed, data, size);
        boolean reachedOut = false;
        boolean reachedNode = false;
        Host h = sysexHost;
        if (h != null) {
            sysex.read(sysexUsed, sysexScratch, 0, (int) size);
            long before = outNode == null ? 0 : outNode.sysexTaken();
            reachedNode = h.offerSysexInCycle(Host.BOUNDARY, time, sysexScratch, (int) size);
            reachedOut = outNode != null && outNode.sysexTaken() != before;
            if (reachedNode) {
                sysexToNodes = sysexToNodes + 1;
            }
        }
        if (outBuffer != 0 && !reachedOut) {
            sysexTime[sysexCount] = time;
            sysexStart[sysexCount] = sysexUsed;
            sysexLength[sysexCount] = (int) size;
            sysexCount++;
            sysexUsed += (int) size;
        } else if (!reachedNode) {
            ignored = ignored + 1;
        }
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleEnd(int nframes, boolean rendering) {
        long b = outBuffer;
        if (b == 0) {
            return;
        }
        JackMidiOutNode node = outNode;
        int n = rendering ? node.count() : 0;
        CycleSysexQueue q = node.sysexQueue();
        int i = 0;
        int s = 0;
        int last = nframes - 1;
        while (true) {
            int thruAt = s < sysexCount ? sysexTime[s] : Integer.MAX_VALUE;
            int queueAt = rendering && q.size() > 0 && q.headOffset() < nframes ? q.headOffset() : Integer.MAX_VALUE;
            int shortAt = i < n ? node.frame(i) : Integer.MAX_VALUE;
            if (thruAt == Integer.MAX_VALUE && queueAt == Integer.MAX_VALUE && shortAt == Integer.MAX_VALUE) {
                break;
            }
            if (thruAt <= queueAt && thruAt <= shortAt) {
                int r = JackNative.jack_midi_event_write(b, Math.min(thruAt, last), sysexAddr + sysexStart[s],
                        sysexLength[s]);
                if (r == 0) {
                    sysexThru = sysexThru + 1;
                } else {
                    notSent = notSent + 1;
                }
                s++;
            } else if (queueAt <= shortAt) {
                int len = q.headLength();
                sysexOut.write(0, q.headData(), 0, len);
                if (JackNative.jack_midi_event_write(b, queueAt, sysexOutAddr, len) == 0) {
                    sysexSent = sysexSent + 1;
                } else {
                    notSent = notSent + 1;
                }
                q.pop();
            } else {
                int m = node.message(i);
                int status = MidiMessages.status(m);
                int len = MidiMessages.dataLength(status);
                shortBytes.setByte(0, (byte) status);
                shortBytes.setByte(1, (byte) MidiMessages.data1(m));
                shortBytes.setByte(2, (byte) MidiMessages.data2(m));
                int frame = Math.max(0, Math.min(shortAt, last));
                if (len >= 0 && JackNative.jack_midi_event_write(b, frame, shortAddr, 1 + len) == 0) {
                    sent = sent + 1;
                } else {
                    notSent = notSent + 1;
                }
                i++;
            }
        }
        if (rendering) {
            q.carry(nframes);
        }
    }

    /**
     * The JACK MIDI ports of every client on the default server (the one {@code JACK_DEFAULT_SERVER}
     * names): the ports that send MIDI ({@code sources}, which a MIDI input can take from) or the ports
     * that take it. Empty when no server runs or libjack is missing.
     *
     * @param sources true for the sending ports, false for the receiving ones
     * @return full port names, e.g. "seq:out"
     * @thread main
     */
    public static List<String> listPorts(boolean sources) {
        List<String> names = new ArrayList<>();
        if (!org.midirack.host.audio.JackServerProbe.mayBeRunning(null)) {
            return names; // no server socket: libjack is not asked (it would print its own lines)
        }
        JackClient probe = null;
        try {
            Jack jack = Jack.getInstance();
            probe = jack.openClient("midirack-list", java.util.EnumSet.of(org.jaudiolibs.jnajack.JackOptions.JackNoStartServer),
                    java.util.EnumSet.noneOf(org.jaudiolibs.jnajack.JackStatus.class));
            String[] ports = jack.getPorts(probe, null, JackPortType.MIDI,
                    java.util.EnumSet.of(sources ? JackPortFlags.JackPortIsOutput : JackPortFlags.JackPortIsInput));
            names.addAll(List.of(ports));
        } catch (JackException | RuntimeException | LinkageError e) {
            // no server, no libjack: nothing to list
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
        return names;
    }

    /** Events read from the input port. @thread any */
    public long received() {
        return received;
    }

    /** Input events the sink refused (a full FIFO). @thread any */
    public long refused() {
        return refused;
    }

    /** Input events that were no MIDI message a node takes and could not pass through. @thread any */
    public long ignored() {
        return ignored;
    }

    /**
     * System exclusive messages from the graph (a song's SysEx, SysEx that reached the output's node
     * through the host's MIDI links) written to the output port.
     *
     * @return the count
     * @thread any
     */
    public long sysexSent() {
        return sysexSent;
    }

    /**
     * System exclusive messages from the input port that at least one node took (with {@link #sysexInto}).
     *
     * @return the count
     * @thread any
     */
    public long sysexToNodes() {
        return sysexToNodes;
    }

    /** System exclusive messages passed from the input to the output port directly. @thread any */
    public long sysexThru() {
        return sysexThru;
    }

    /** Messages written to the output port. @thread any */
    public long sent() {
        return sent;
    }

    /** Messages JACK's output buffer had no room for. @thread any */
    public long notSent() {
        return notSent;
    }

    /** Input events JACK itself lost before they reached the port (its own count). @thread any */
    public long lostByJack() {
        return lost;
    }
}
