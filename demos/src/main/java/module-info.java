/**
 * midirack's command line and demo host. It builds {@code org.midirack.host} graphs of the
 * instruments and effects it finds through {@code NodeFactory}; picocli reads its command classes
 * reflectively.
 */
module org.midirack.demos {
    requires transitive org.midirack.host;
    requires org.midirack.instruments;
    requires org.midirack.effects;
    requires info.picocli;
    requires java.management;
    requires java.desktop;      // the window of 'gui' (Swing)   // --stats names the garbage collector

    exports org.midirack.demos;
    exports org.midirack.demos.melody;

    opens org.midirack.demos to info.picocli;
    opens org.midirack.demos.cli to info.picocli;
    opens org.midirack.demos.gui to info.picocli;

    uses org.midirack.core.NodeFactory;
}
