package org.midirack.bench;

import org.midirack.core.ParamDescriptor;
import org.midirack.core.hosting.ManyToOneEventFifo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.host.mapping.MidiMappingTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the MIDI mapping input path ({@link MidiMappingTable#handle}) per message, for tables
 * of 1, 16 and 256 mappings: a mapped CC (scaled, offered into a real node FIFO, drained every
 * 1,000 messages) and an unmapped note (what every note pays). Run with {@code -prof gc} for
 * bytes per message (target 0).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MidiMappingBench {
    @Param({"1", "16", "256"})
    int mappings;

    MidiMappingTable table;
    ManyToOneEventFifo fifo;
    int value;
    int sent;

    @Setup(Level.Trial)
    public void setUp() {
        List<ParamDescriptor> params = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            params.add(ParamDescriptor.continuous("p" + i, "P" + i, 20, 20000, 1000, "Hz"));
        }
        fifo = new ManyToOneEventFifo(2048);
        table = new MidiMappingTable(node -> node < 16 ? params : null,
                (node, offset, index, v) -> fifo.offerParam(offset, index, v));
        for (int i = 0; i < mappings; i++) {
            // CC 74 on channel 1 is the last one, so every mapping is looked at
            int cc = i == mappings - 1 ? 74 : i % 74;
            table.put(MidiMapping.of(MidiMappingSource.cc(cc).onChannel(i / 74 % 16), i % 16, "p" + (i / 16 % 16)));
        }
    }

    @Benchmark
    public boolean mappedController() {
        if (++sent == 1000) {
            sent = 0;
            fifo.drain(128);
        }
        value = (value + 1) & 127;
        return table.handle(value, 0xB0 | (mappings - 1) / 74 % 16, 74, value);
    }

    @Benchmark
    public boolean unmappedNote() {
        value = (value + 1) & 127;
        return table.handle(value, 0x90, 60, value | 1);
    }
}
