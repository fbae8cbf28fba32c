package org.midirack.host.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.junit.jupiter.api.Test;

class MidiVirtualPortTest {

    @Test
    void showsBothSidesInMidiSystemWithTheirDirections() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("vp-visible");
        try {
            List<MidiDevice.Info> infos = Arrays.asList(MidiSystem.getMidiDeviceInfo());
            assertTrue(infos.contains(port.inputInfo()));
            assertTrue(infos.contains(port.outputInfo()));
            MidiDevice in = MidiSystem.getMidiDevice(port.inputInfo());
            MidiDevice out = MidiSystem.getMidiDevice(port.outputInfo());
            assertEquals("vp-visible", in.getDeviceInfo().getName());
            assertEquals("vp-visible", out.getDeviceInfo().getName());
            assertEquals(MidiVirtualPort.VENDOR, in.getDeviceInfo().getVendor());
            assertEquals(-1, in.getMaxTransmitters());
            assertEquals(0, in.getMaxReceivers());
            assertEquals(0, out.getMaxTransmitters());
            assertEquals(-1, out.getMaxReceivers());
            assertSame(in, MidiSystem.getMidiDevice(port.inputInfo()));
            MidiUnavailableException e = assertThrows(MidiUnavailableException.class, in::getReceiver);
            assertTrue(e.getMessage().contains("vp-visible"), e.getMessage());
        } finally {
            port.remove();
        }
    }

    @Test
    void loopsBackEveryMessageWithItsTimestampIncludingEqualStampsAndSysex() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("vp-loop");
        try (MidiTestRig.Capture cap = new MidiTestRig.Capture(port)) {
            MidiDevice out = MidiSystem.getMidiDevice(port.outputInfo());
            out.open();
            Receiver r = out.getReceiver();
            for (int i = 0; i < 10; i++) {
                r.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60 + i, 100), 5_000L);
            }
            byte[] sysex = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
            r.send(new SysexMessage(sysex, sysex.length), 5_000L);
            long before = System.nanoTime() / 1000;
            r.send(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60, 0), -1);
            long after = System.nanoTime() / 1000;

            assertEquals(12, cap.messages.size());
            for (int i = 0; i < 10; i++) {
                ShortMessage m = (ShortMessage) cap.messages.get(i);
                assertEquals(60 + i, m.getData1());
                assertEquals(5_000L, cap.stamps.get(i));
            }
            assertArrayEquals(sysex, cap.messages.get(10).getMessage());
            assertEquals(5_000L, cap.stamps.get(10));
            long stamped = cap.stamps.get(11);
            assertTrue(stamped >= before && stamped <= after, "stamped on arrival: " + stamped);
            assertEquals(12, port.loopedCount());
        } finally {
            port.remove();
        }
    }

    @Test
    void unplugRemovesTheDevicesFromMidiSystemAndClosesThem() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("vp-unplug");
        try {
            MidiDevice.Info inInfo = port.inputInfo();
            MidiDevice.Info outInfo = port.outputInfo();
            MidiDevice in = MidiSystem.getMidiDevice(inInfo);
            MidiDevice out = MidiSystem.getMidiDevice(outInfo);
            in.open();
            out.open();
            Receiver r = out.getReceiver();

            port.unplug();

            List<MidiDevice.Info> infos = Arrays.asList(MidiSystem.getMidiDeviceInfo());
            assertFalse(infos.contains(inInfo));
            assertFalse(infos.contains(outInfo));
            assertFalse(in.isOpen());
            assertFalse(out.isOpen());
            assertThrows(IllegalArgumentException.class, () -> MidiSystem.getMidiDevice(inInfo));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> r.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 1), -1));
            assertTrue(e.getMessage().contains("vp-unplug"), e.getMessage());
            assertThrows(MidiUnavailableException.class, in::open);

            port.replug();
            MidiDevice.Info again = port.inputInfo();
            assertNotSame(inInfo, again);
            assertEquals(inInfo.getName(), again.getName());
            assertEquals(inInfo.getDescription(), again.getDescription());
            assertTrue(Arrays.asList(MidiSystem.getMidiDeviceInfo()).contains(again));
        } finally {
            port.remove();
        }
    }

    @Test
    void refusesBlankAndDuplicateNamesKeepingTheExistingPort() {
        MidiVirtualPort port = MidiVirtualPort.create("vp-dup");
        try {
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                    () -> MidiVirtualPort.create("vp-dup"));
            assertTrue(dup.getMessage().contains("vp-dup"), dup.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MidiVirtualPort.create(" "));
            assertTrue(port.isPlugged());
            assertSame(port, MidiVirtualPort.find("vp-dup").orElseThrow());
        } finally {
            port.remove();
        }
        assertTrue(MidiVirtualPort.find("vp-dup").isEmpty());
        assertThrows(IllegalStateException.class, port::replug);
    }

    @Test
    void changeListenersHearPlugAndUnplug() {
        int[] calls = new int[1];
        Runnable l = () -> calls[0]++;
        MidiVirtualPort.addChangeListener(l);
        try {
            MidiVirtualPort port = MidiVirtualPort.create("vp-listen");
            port.unplug();
            port.unplug();
            port.replug();
            port.remove();
            assertEquals(4, calls[0]);
        } finally {
            MidiVirtualPort.removeChangeListener(l);
        }
    }
}
