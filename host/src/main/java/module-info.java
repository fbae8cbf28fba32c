/**
 * midirack's host: the render engine and its graph, transport, sequencer, audio outputs and
 * sessions, MIDI devices, MIDI mapping and the offload pool. It reads the host side of
 * {@code org.midirack.core} ({@code org.midirack.core.hosting}), which node modules do not.
 */
@SuppressWarnings("requires-automatic")   // jnajack 1.4.0 and java-flac-encoder 0.3.7 name no module of their own
module org.midirack.host {
    requires transitive org.midirack.core;
    requires jnajack;
    requires com.sun.jna;
    requires java.flac.encoder;
    requires uk.co.xfactorylibrarians.coremidi4j;

    exports org.midirack.host;
    exports org.midirack.host.audio;
    exports org.midirack.host.jack;
    exports org.midirack.host.link;
    exports org.midirack.host.mapping;
    exports org.midirack.host.midi;
    exports org.midirack.host.offload;
    exports org.midirack.host.seq;
    exports org.midirack.host.transport;   // ClockFollower; the graph and render packages stay inside

    provides javax.sound.midi.spi.MidiDeviceProvider with org.midirack.host.midi.MidiVirtualDeviceProvider;
}
