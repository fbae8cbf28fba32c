package org.midirack.host.link;

/**
 * What an application reads of a Link session at one moment: the client timeline (the session's
 * grid in this machine's host time, microseconds of {@link LinkSession#hostMicros()}), the
 * start/stop state, and the number of other peers in the session. The network thread publishes a
 * new immutable {@code LinkState} whenever something changes; the render thread reads the current
 * one through a volatile field and computes beats and phases from it without allocating, locking
 * or blocking.
 */
public final class LinkState {
    private final LinkTimeline timeline;
    private final boolean enabled;
    private final boolean playing;
    private final long playingTime;
    private final int peers;
    private final long sessionId;
    private final long version;

    LinkState(LinkTimeline timeline, boolean enabled, boolean playing, long playingTime, int peers, long sessionId,
              long version) {
        this.timeline = timeline;
        this.enabled = enabled;
        this.playing = playing;
        this.playingTime = playingTime;
        this.peers = peers;
        this.sessionId = sessionId;
        this.version = version;
    }

    /** The session tempo, beats per minute. @thread any (allocation-free) */
    public double tempo() {
        return timeline.bpm();
    }

    /** The client timeline in host time. @thread any */
    public LinkTimeline timeline() {
        return timeline;
    }

    /** Whether Link is on (joining and sharing); off, this is the local timeline only. @thread any */
    public boolean enabled() {
        return enabled;
    }

    /** The session's start/stop state: playing. @thread any (allocation-free) */
    public boolean playing() {
        return playing;
    }

    /** Host time (microseconds) at which the session started or stopped playing. @thread any */
    public long playingTime() {
        return playingTime;
    }

    /** Other peers in this session. @thread any (allocation-free) */
    public int peers() {
        return peers;
    }

    /** The session's id (a peer's node id, 8 bytes). @thread any */
    public long sessionId() {
        return sessionId;
    }

    /** Counts publications; a new state has a larger one. @thread any */
    public long version() {
        return version;
    }

    /**
     * The beat at host time {@code hostMicros} for {@code quantum} beats: the session's phase for
     * that quantum, with this client's beat numbering.
     * @thread any (render thread: allocation-free)
     */
    public double beatAtTime(long hostMicros, double quantum) {
        return LinkTimeline.beatAtTime(timeline, hostMicros, LinkTimeline.microBeats(quantum)) / 1e6;
    }

    /**
     * The phase in [0, quantum) at host time {@code hostMicros}; every peer of the session sees the
     * same phase at the same moment.
     * @thread any (render thread: allocation-free)
     */
    public double phaseAtTime(long hostMicros, double quantum) {
        long q = LinkTimeline.microBeats(quantum);
        return LinkTimeline.phase(LinkTimeline.beatAtTime(timeline, hostMicros, q), q) / 1e6;
    }

    /**
     * The host time (microseconds) at which {@link #beatAtTime} gives {@code beat}.
     * @thread any (render thread: allocation-free)
     */
    public long timeAtBeat(double beat, double quantum) {
        return LinkTimeline.timeAtBeat(timeline, LinkTimeline.microBeats(beat), LinkTimeline.microBeats(quantum));
    }

    /** One line: peers, tempo, and the phase now for {@code quantum}. @thread any (not render) */
    public String describe(double quantum) {
        long now = LinkSession.hostMicros();
        return String.format(java.util.Locale.ROOT, "link %s | %d peer%s | tempo %.2f BPM | phase %.2f/%s | %s",
                enabled ? "on" : "off", peers, peers == 1 ? "" : "s", tempo(), phaseAtTime(now, quantum),
                quantum == Math.rint(quantum) ? Long.toString((long) quantum) : Double.toString(quantum),
                playing ? "playing" : "stopped");
    }
}
