/**
 * midirack's instruments: the Gervill instrument, the reference synth and the drum machine. A node
 * module: it reads the node authors' API of {@code org.midirack.core} and never the host side.
 * Gervill's pull API is internal to {@code java.desktop}; the build adds
 * {@code --add-exports java.desktop/com.sun.media.sound=org.midirack.instruments}.
 */
module org.midirack.instruments {
    requires transitive org.midirack.core;

    exports org.midirack.instruments;
    exports org.midirack.instruments.gervill;

    provides org.midirack.core.NodeFactory with
            org.midirack.instruments.InstrumentGervillFactory,
            org.midirack.instruments.InstrumentSineFactory,
            org.midirack.instruments.InstrumentDrumMachineFactory;
}
