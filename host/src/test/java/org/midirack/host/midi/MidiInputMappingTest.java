package org.midirack.host.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import javax.sound.midi.Receiver;
import org.junit.jupiter.api.Test;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.host.mapping.MidiMappingTable;
import org.midirack.instruments.InstrumentSine;

/**
 * A controller on a MIDI device (a virtual port, through javax.sound.midi) drives a parameter of a
 * node in a host: route -> mapping table -> {@link Host#offerParam}, at the frame the route gave
 * the event; notes go past the table to the node as before.
 */
class MidiInputMappingTest {
    static final int FRAMES = MidiTestRig.FRAMES;
    static final int CYCLES = 40;

    /** The reference synth in a host, its output mixed to the host's output. */
    private static Host synthHost() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(new InstrumentSine());
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(MidiTestRig.RATE, FRAMES);
        return h;
    }

    /** The same note and parameter change offered directly, at the frames given. */
    private static float[] reference(long noteFrame, long waveFrame) {
        Host h = synthHost();
        float[] out = new float[CYCLES * FRAMES];
        for (int c = 0; c < CYCLES; c++) {
            long start = (long) c * FRAMES;
            if (noteFrame >= start && noteFrame < start + FRAMES) {
                h.offer(0, (int) (noteFrame - start), 0x90, 60, 100);
            }
            if (waveFrame >= start && waveFrame < start + FRAMES) {
                h.offerParam(0, (int) (waveFrame - start), 0, 1f);
            }
            System.arraycopy(h.renderOffline(FRAMES)[0], 0, out, c * FRAMES, FRAMES);
        }
        return out;
    }

    @Test
    void aControllerOnADeviceChangesANodesParameterOnTheFrameTheRouteGaveIt() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("map-e2e", 0, 0, 61)) {
            Host host = synthHost();
            int synth = 0;
            MidiMappingTable mappings = MidiMappingTable.forHost(host);
            // CC 7 is the synth's own volume: consumed by the mapping, the volume must not change
            mappings.put(MidiMapping.of(MidiMappingSource.cc(7), synth, "wave"));
            MidiInputRoute route = rig.router.addInput(rig.inputId(), mappings.inputSink(host.midiInputSink(synth)));
            Receiver device = rig.openSender();
            float[] out = new float[CYCLES * FRAMES];
            long noteFrame = -1;
            long ccFrame = -1;
            for (int c = 0; c < CYCLES; c++) {
                if (c == 10) {
                    noteFrame = rig.frame - 20; // played 20 frames before this cycle starts
                    device.send(MidiTestRig.msg(0x90, 60, 100), (long) Math.ceil(rig.nanosOfFrame(noteFrame) / 1000));
                }
                if (c == 20) {
                    ccFrame = rig.frame - 77;
                    device.send(MidiTestRig.msg(0xB0, 7, 127), (long) Math.ceil(rig.nanosOfFrame(ccFrame) / 1000));
                }
                rig.cycle();
                System.arraycopy(host.renderOffline(FRAMES)[0], 0, out, c * FRAMES, FRAMES);
            }
            assertEquals(2, route.delivered());
            assertEquals(1, mappings.mapped());
            assertEquals(1.0, host.node(synth).parameters().get("wave"), "saw");
            // the route plays everything one cycle after it was played: the saw starts at ccFrame + 128
            float[] expected = reference(noteFrame + FRAMES, ccFrame + FRAMES);
            assertArrayEquals(expected, out);
            assertFalse(Arrays.equals(reference(noteFrame + FRAMES, ccFrame + FRAMES + 1), out),
                    "a frame later is a different output");
            assertFalse(Arrays.equals(reference(noteFrame + FRAMES, -1), out), "without the change too");
        }
    }

    @Test
    void learningFromADeviceBindsItsControllerAndMovesTheParameter() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("map-learn", 0, 0, 62)) {
            Host host = synthHost();
            MidiMappingTable mappings = MidiMappingTable.forHost(host);
            rig.router.addInput(rig.inputId(), mappings.inputSink(host.midiInputSink(0)));
            Receiver device = rig.openSender();
            java.util.List<MidiMapping> told = new java.util.ArrayList<>();
            mappings.learn(0, "bendRange", told::add);
            for (int c = 0; c < 5; c++) {
                rig.cycle();
                host.renderOffline(FRAMES);
            }
            long now = (long) Math.ceil(rig.nanosOfFrame(rig.frame - 10) / 1000);
            device.send(MidiTestRig.msg(0x90, 60, 100), now); // a note: passes, binds nothing
            device.send(MidiTestRig.msg(0xB3, 20, 127), now);
            device.send(MidiTestRig.msg(0xB3, 21, 0), now);
            for (int c = 0; c < 3; c++) {
                rig.cycle(); // the route runs the table on the render side: it only captures
                host.renderOffline(FRAMES);
            }
            MidiMapping learned = MidiMapping.of(MidiMappingSource.cc(20).onChannel(3), 0, "bendRange");
            assertEquals(learned, mappings.completeLearn(), "bound off the render thread");
            assertEquals(java.util.List.of(learned), told);
            assertEquals(48.0, host.node(0).parameters().get("bendRange"), "moved to the controller's position");
            device.send(MidiTestRig.msg(0xB3, 20, 0), (long) Math.ceil(rig.nanosOfFrame(rig.frame - 10) / 1000));
            for (int c = 0; c < 2; c++) {
                rig.cycle();
                host.renderOffline(FRAMES);
            }
            assertEquals(0.0, host.node(0).parameters().get("bendRange"));
            assertEquals(java.util.List.of(learned), mappings.mappings());
        }
    }
}
