/**
 * MIDI mapping: controllers (CC 0..119), pitch bend, channel pressure and polyphonic key pressure
 * from a MIDI input drive any automatable parameter of a hosted node, at the frame of the event,
 * with a learn mode and a saved form.
 *
 * <pre>{@code
 * MidiMappingTable mappings = MidiMappingTable.forHost(host);          // targets: host slots
 * mappings.put(MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), synth, "cutoff"));
 * mappings.put(MidiMapping.of(MidiMappingSource.bend(), delay, "mix").withRange(0.2, 0.8).withInverted(true));
 * router.addInput(keyboardPortId, mappings.inputSink(host.midiInputSink(synth)));
 *
 * mappings.learn(synth, "resonance", m -> System.out.println("learned " + m));
 * mappings.awaitLearn(10_000);      // or completeLearn() from a UI timer
 *
 * Properties session = new Properties();
 * mappings.save(session, "mapping.");
 * mappings.load(session, "mapping.");   // checks everything first; StateFormatException names the key
 * }</pre>
 *
 * {@link org.midirack.host.mapping.MidiMappingTable} is the mapper (its input path is lock-free
 * and allocation-free); {@link org.midirack.host.mapping.MidiMapping} and
 * {@link org.midirack.host.mapping.MidiMappingSource} are values;
 * {@link org.midirack.host.mapping.MidiMappingSink} and
 * {@link org.midirack.host.mapping.MidiMappingResolver} connect it to an engine;
 * {@link org.midirack.host.mapping.MidiMappingDocument} is the saved form.
 */
package org.midirack.host.mapping;
