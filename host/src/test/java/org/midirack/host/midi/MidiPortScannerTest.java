package org.midirack.host.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import org.junit.jupiter.api.Test;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceProvider;

class MidiPortScannerTest {

    private static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase().contains("mac");
    }

    @Test
    void coreMidi4jDegradesToTheJdkDevicesWithoutErrorOffMacOs() throws Exception {
        assumeFalse(isMac(), "CoreMIDI is real on macOS");
        assertFalse(CoreMidiDeviceProvider.isLibraryLoaded());
        MidiVirtualPort port = MidiVirtualPort.create("scan-degrade");
        try {
            MidiPortScanner scanner = new MidiPortScanner();
            assertFalse(scanner.usesCoreMidi());
            List<String> viaCoreMidi4j = names(CoreMidiDeviceProvider.getMidiDeviceInfo());
            List<String> viaJdk = names(MidiSystem.getMidiDeviceInfo());
            assertEquals(viaJdk, viaCoreMidi4j);
            assertEquals(viaJdk, names(scanner.deviceInfos()));
            assertTrue(viaJdk.contains("scan-degrade"));
        } finally {
            port.remove();
        }
    }

    @Test
    void listsVirtualPortsByDirectionAndLeavesSynthesizersAndSequencersOut() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("scan-dirs");
        try {
            List<MidiPortInfo> ports = new MidiPortScanner().scan();
            List<MidiPortInfo> mine = ports.stream().filter(p -> p.name().equals("scan-dirs")).collect(Collectors.toList());
            assertEquals(2, mine.size());
            MidiPortInfo in = mine.stream().filter(p -> p.direction() == MidiPortDirection.INPUT).findFirst().orElseThrow();
            MidiPortInfo out = mine.stream().filter(p -> p.direction() == MidiPortDirection.OUTPUT).findFirst().orElseThrow();
            assertTrue(in.info() == port.inputInfo());
            assertTrue(out.info() == port.outputInfo());
            assertEquals("jdk:in:scan-dirs|midirack|" + MidiVirtualPort.DESCRIPTION_INPUT + "#0", in.id());
            assertEquals("jdk:out:scan-dirs|midirack|" + MidiVirtualPort.DESCRIPTION_OUTPUT + "#0", out.id());

            int softwareInMidiSystem = 0;
            for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (d instanceof Synthesizer || d instanceof Sequencer) {
                    softwareInMidiSystem++;
                    assertTrue(ports.stream().noneMatch(p -> p.info() == info), "listed as hardware: " + info);
                }
            }
            assertTrue(softwareInMidiSystem >= 2, "the JDK's Gervill and sequencer are there to leave out");
        } finally {
            port.remove();
        }
    }

    @Test
    void keepsTheSameIdentityAcrossRescansAndReplug() {
        MidiVirtualPort port = MidiVirtualPort.create("scan-stable");
        try {
            MidiPortScanner scanner = new MidiPortScanner();
            List<MidiPortInfo> first = mine(scanner.scan(), "scan-stable");
            List<MidiPortInfo> second = mine(scanner.scan(), "scan-stable");
            port.unplug();
            assertTrue(mine(scanner.scan(), "scan-stable").isEmpty());
            port.replug();
            List<MidiPortInfo> third = mine(scanner.scan(), "scan-stable");
            assertEquals(ids(first), ids(second));
            assertEquals(ids(first), ids(third));
            assertNotSame(first.get(0).info(), third.get(0).info());
            assertEquals(MidiPortScanner.idOf(port.inputInfo(), MidiPortDirection.INPUT),
                    third.stream().filter(p -> p.direction() == MidiPortDirection.INPUT).findFirst().orElseThrow().id());
        } finally {
            port.remove();
        }
    }

    @Test
    void watcherReportsUnplugAndReplugOfTheSameIdAsDetachAndAttach() {
        MidiVirtualPort port = MidiVirtualPort.create("scan-watch");
        List<String> events = new ArrayList<>();
        try (MidiPortWatcher watcher = new MidiPortWatcher(new MidiPortScanner())) {
            watcher.addListener((all, attached, detached) -> {
                detached.stream().filter(p -> p.name().equals("scan-watch")).forEach(p -> events.add("-" + p.direction()));
                attached.stream().filter(p -> p.name().equals("scan-watch")).forEach(p -> events.add("+" + p.direction()));
            });
            port.unplug();
            port.replug();
            watcher.rescan();
            assertEquals(List.of("-INPUT", "-OUTPUT", "+INPUT", "+OUTPUT"), events);
        } finally {
            port.remove();
        }
    }

    @Test
    void watcherRescansOnItsPeriodAndRefusesANonsensePeriod() throws Exception {
        try (MidiPortWatcher watcher = new MidiPortWatcher(new MidiPortScanner())) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> watcher.start(0));
            assertTrue(e.getMessage().contains("period"), e.getMessage());
            long before = watcher.scans();
            watcher.start(20);
            long deadline = System.nanoTime() + 20_000_000_000L; // generous for a loaded machine
            while (watcher.scans() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(watcher.scans() >= before + 3, "periodic rescans ran: " + (watcher.scans() - before));
        }
    }

    private static List<MidiPortInfo> mine(List<MidiPortInfo> ports, String name) {
        return ports.stream().filter(p -> p.name().equals(name)).collect(Collectors.toList());
    }

    private static List<String> ids(List<MidiPortInfo> ports) {
        return ports.stream().map(MidiPortInfo::id).collect(Collectors.toList());
    }

    private static List<String> names(MidiDevice.Info[] infos) {
        return Arrays.stream(infos).map(MidiDevice.Info::getName).collect(Collectors.toList());
    }
}
