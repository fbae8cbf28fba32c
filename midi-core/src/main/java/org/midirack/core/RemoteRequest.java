package org.midirack.core;

/** What a node may ask its host's transport to do (seed 000, 004). */
public enum RemoteRequest {
    TOGGLE_PLAY,
    TOGGLE_RECORD,
    REWIND;

    final int bit() {
        return 1 << ordinal();
    }
}
