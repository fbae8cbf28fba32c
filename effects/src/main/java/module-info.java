/**
 * midirack's effects: MIDI processors and MIDI-controlled audio effects. A node module: it reads
 * the node authors' API of {@code org.midirack.core} and never the host side.
 */
module org.midirack.effects {
    requires transitive org.midirack.core;

    exports org.midirack.effects;

    provides org.midirack.core.NodeFactory with
            org.midirack.effects.MidiArpeggiator.Factory,
            org.midirack.effects.MidiEcho.Factory,
            org.midirack.effects.DelayTempoSync.Factory,
            org.midirack.effects.FilterStateVariable.Factory,
            org.midirack.effects.GateRhythmic.Factory,
            org.midirack.effects.DynamicsLimiter.Factory,
            org.midirack.effects.MidiChord.Factory,
            org.midirack.effects.MidiTranspose.Factory,
            org.midirack.effects.MidiVelocityCurve.Factory,
            org.midirack.effects.MidiKeyRangeFilter.Factory,
            org.midirack.effects.MidiChannelRouter.Factory;
}
