/**
 * MIDI devices for the host: listing, hot-plug, input into node FIFOs at constant latency, output
 * with timestamps, MIDI clock in and out, and virtual ports.
 *
 * <h2>Wiring (host side)</h2>
 * <pre>{@code
 * MidiPortWatcher watcher = new MidiPortWatcher(new MidiPortScanner()); // CoreMIDI4J on macOS, else MidiSystem
 * watcher.start(1000);                                  // rescan every second (plus change notifications)
 * MidiRouter router = new MidiRouter(watcher, sampleRate);
 * router.startSender(1000);                             // output thread, every 1 ms
 * MidiPortInfo keys = router.findPort("USB Keyboard", MidiPortDirection.INPUT).orElseThrow();
 * MidiInputRoute in = router.addInput(keys.id(), nodeFifo::offer); // kept across unplug/replug
 * MidiOutputRoute out = router.addOutput(synthPortId);
 * MidiClockOut clock = new MidiClockOut(out);
 *
 * // render thread, every cycle, before the nodes drain their FIFOs:
 * router.beginCycle(cycleStartNanoTime, cycleStartFrame, frames);
 * clock.process(transport, cycleStartFrame);
 * out.send(nodeMidiOut, cycleStartFrame);                // an EventList, e.g. ProcessContext.midiOut()
 * }</pre>
 * Feed {@link org.midirack.host.midi.MidiRouter#beginCycle} the best cycle time the driver gives
 * (JACK cycle times, CoreAudio's callback timestamp); {@code System.nanoTime()} at callback entry
 * works too ({@link org.midirack.host.midi.MidiTimeMap} filters it). Port ids are stable across
 * rescans and re-plugs, so they can be saved with a session.
 *
 * <h2>Virtual ports</h2>
 * {@link org.midirack.host.midi.MidiVirtualPort#create} registers a named loopback pair with
 * {@link javax.sound.midi.MidiSystem} (through {@code META-INF/services}); other Java programs send
 * to its output side and the host listens to its input side, exactly as with hardware.
 */
package org.midirack.host.midi;
