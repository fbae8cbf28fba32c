package org.midirack.instruments.gervill;

/** Run in a JVM without the add-exports flag: prints what opening the engine says. */
public final class NoExportsProbe {
    private NoExportsProbe() {
    }

    public static void main(String[] args) {
        try {
            GervillEngine.open(GervillSettings.defaults(48000), 128, 32).close();
            System.out.println("OPENED");
        } catch (IllegalStateException e) {
            System.out.println("ERROR " + e.getMessage());
        }
    }
}
