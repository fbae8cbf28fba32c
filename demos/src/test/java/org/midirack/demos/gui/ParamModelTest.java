package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.midirack.core.ParamDescriptor;
import org.midirack.demos.cli.DemoHostSession;

/** Parameter controls come from the descriptors and follow the node's values, a learned controller's too. */
class ParamModelTest {
    static DemoHostSession session;

    @BeforeAll
    static void start() {
        session = DemoHostSession.start(null, List.of(), "null", 48000, 128, System.err);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void eachDescriptorGetsTheControlItsKindCallsFor() {
        assertEquals(ParamModel.Style.TOGGLE, ParamModel.style(ParamDescriptor.toggle("on", "On", false)));
        assertEquals(ParamModel.Style.CHOICE, ParamModel.style(ParamDescriptor.choice("w", "Wave", 0, "sine", "saw", "square")));
        assertEquals(ParamModel.Style.STEPS, ParamModel.style(ParamDescriptor.integer("n", "N", 1, 8, 2, "")));
        assertEquals(ParamModel.Style.CONTINUOUS, ParamModel.style(ParamDescriptor.continuous("g", "Gain", 0, 2, 1, "")));
        int slot = session.add("delay");
        ParamModel m = new ParamModel(session, slot);
        List<ParamDescriptor> ds = session.node(slot).descriptor().params();
        assertEquals(ds.size(), m.controls().size());
        for (int i = 0; i < ds.size(); i++) {
            assertEquals(ds.get(i), m.controls().get(i).descriptor());
        }
        session.remove(slot);
    }

    @Test
    void aSliderPositionSetsTheNodesParameterOverItsRange() {
        int slot = session.add("delay");
        ParamModel m = new ParamModel(session, slot);
        ParamModel.Control mix = m.controls().stream().filter(c -> c.descriptor().id().equals("mix")).findFirst()
                .orElseThrow();
        ParamDescriptor d = mix.descriptor();
        m.setPosition(mix, mix.positions() / 4);
        double expected = d.min() + (d.max() - d.min()) / 4;
        assertEquals(expected, session.node(slot).parameters().get("mix"), 1e-9);
        assertEquals(mix.positions() / 4, m.position(mix));
        session.remove(slot);
    }

    /** The control's value once it is {@code v}, or after 2 s whatever it is. */
    private static double waitFor(ParamModel m, ParamModel.Control c, double v) {
        long end = System.nanoTime() + 2_000_000_000L;
        while (Math.abs(m.value(c) - v) > 1e-9 && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        return m.value(c);
    }

    @Test
    void aLearnedControllerMovesTheParameterAndItsControl() {
        int slot = session.add("delay");
        ParamModel m = new ParamModel(session, slot);
        ParamModel.Control mix = m.controls().stream().filter(c -> c.descriptor().id().equals("mix")).findFirst()
                .orElseThrow();
        m.learn(mix);
        assertTrue(m.learning());
        // the MIDI input's path into the mapping table: CC 74 on channel 1 moves
        session.mappings().handle(0, 0xB0, 74, 64);
        String learned = m.poll();
        assertNotNull(learned, "learning bound the controller");
        assertTrue(learned.contains("cc 74"), learned);
        // a mapped controller reaches the node on its timeline: it shows once a cycle has applied it
        session.mappings().handle(0, 0xB0, 74, 127);
        assertEquals(mix.descriptor().max(), waitFor(m, mix, mix.descriptor().max()), 1e-9, "CC 127 = the top of the range");
        session.mappings().handle(0, 0xB0, 74, 0);
        assertEquals(mix.descriptor().min(), waitFor(m, mix, mix.descriptor().min()), 1e-9, "CC 0 = the bottom");
        assertEquals(1, m.mappings().size());
        session.remove(slot);
    }
}
