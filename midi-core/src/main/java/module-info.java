/**
 * midirack's MIDI core, by audience.
 * <ul>
 * <li>{@code org.midirack.core}: for node authors. The {@code Node} contract and
 *     {@code AbstractNode}, descriptors and parameters, state documents, the read side of a cycle
 *     ({@code ProcessContext}, {@code Transport}, {@code EventList}), MIDI out, remote requests.</li>
 * <li>{@code org.midirack.core.sync}: host-sync helpers every node may use (the frame of a beat,
 *     relocation, tempo smoothing).</li>
 * <li>{@code org.midirack.core.dsp}: small real-time DSP helpers (smoothed values, the parameter
 *     delay queue of a node with latency).</li>
 * <li>{@code org.midirack.core.hosting}: for hosts only. The many-to-one event FIFO and its drain,
 *     the host side of a cycle ({@code CycleContext}, {@code TransportState}), the remote-control
 *     mailbox, the node registry and the offline renderer. Exported to this project's hosts; the
 *     node modules ({@code org.midirack.instruments}, {@code org.midirack.effects}) do not read it,
 *     so a node cannot begin its own cycle or write the transport. A third-party host on the class
 *     path sees every package, as the class path ignores module descriptors.</li>
 * </ul>
 */
module org.midirack.core {
    requires transitive java.desktop;   // javax.sound.midi: MidiMessage conversions in MidiMessages

    exports org.midirack.core;
    exports org.midirack.core.sync;
    exports org.midirack.core.dsp;
    exports org.midirack.core.hosting to org.midirack.host, org.midirack.demos;

    uses org.midirack.core.NodeFactory;
}
