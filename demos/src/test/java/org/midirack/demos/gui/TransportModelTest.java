package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Bar:beat:tick and time as the transport panel writes them, worked out by hand. */
class TransportModelTest {
    @Test
    void barBeatTickCountsFromOneInTheSignaturesBeats() {
        assertEquals("001:1:000", TransportModel.position(0, 4, 4));
        assertEquals("001:4:479", TransportModel.position(3 + 479 / 480.0, 4, 4));
        assertEquals("002:1:120", TransportModel.position(4.25, 4, 4));
        // 6/8: a beat is an eighth (240 ticks), a bar 3 quarters; 3.5 quarters = bar 2 + one eighth
        assertEquals("002:2:000", TransportModel.position(3.5, 6, 8));
        // 3/4 at beat 10: bars start at 0, 3, 6, 9 -> bar 4, one quarter in: its second beat
        assertEquals("004:2:000", TransportModel.position(10, 3, 4));
        assertEquals("pre-roll -0.125", TransportModel.position(-0.125, 4, 4));
    }

    @Test
    void timeIsTheSamplePositionInMinutesSecondsAndMilliseconds() {
        assertEquals("0:00.000", TransportModel.time(0, 48000));
        assertEquals("0:01.500", TransportModel.time(72000, 48000));
        assertEquals("1:01.000", TransportModel.time(61L * 44100, 44100));
    }
}
