package org.midirack.effects;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.hosting.NodeRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EffectsRegistryTest {
    private static final List<String> IDS = List.of(
            DelayTempoSync.ID, DynamicsLimiter.ID, FilterStateVariable.ID, GateRhythmic.ID,
            MidiArpeggiator.ID, MidiChannelRouter.ID, MidiChord.ID, MidiEcho.ID,
            MidiKeyRangeFilter.ID, MidiTranspose.ID, MidiVelocityCurve.ID);

    @Test
    void everyEffectIsRegisteredThroughServiceLoader() {
        NodeRegistry reg = NodeRegistry.load(EffectsRegistryTest.class.getClassLoader());
        List<String> ids = reg.list().stream().map(NodeDescriptor::id)
                .filter(id -> IDS.contains(id)).sorted().collect(Collectors.toList());
        assertEquals(IDS, ids);
        for (String id : IDS) {
            Node n = reg.create(id);
            assertEquals(id, n.descriptor().id());
            assertEquals(NodeKind.MUSIC_EFFECT, n.descriptor().kind());
            assertEquals(id.startsWith("midirack.midi-"), n.descriptor().midiOut(), id + ": MIDI processors have MIDI out");
        }
        assertEquals(n("MidiArpeggiator", reg).descriptor().id(), MidiArpeggiator.ID, "found by name too");
    }

    private static Node n(String name, NodeRegistry reg) {
        return reg.create(name);
    }

    @Test
    void everyParameterDocumentsItsUnitOrChoices() {
        NodeRegistry reg = NodeRegistry.load(EffectsRegistryTest.class.getClassLoader());
        for (String id : IDS) {
            for (var p : reg.create(id).descriptor().params()) {
                assertTrue(!p.unit().isEmpty() || !p.choices().isEmpty(), id + "." + p.id() + " has no unit");
            }
        }
    }
}
