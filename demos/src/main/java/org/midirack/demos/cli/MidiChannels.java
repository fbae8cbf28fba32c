package org.midirack.demos.cli;

/**
 * MIDI channel lists as the demo host writes and reads them: {@code 1-9,11-16}, {@code 10},
 * {@code 1,3,5-8} (channels 1-16) for a 16-bit mask whose bit c is channel c+1.
 */
final class MidiChannels {
    private MidiChannels() {
    }

    /** "ch 1-9,11-16" or "" for all channels, then " to N" when remapped. @thread any */
    static String filterText(int mask, int remap) {
        String s = (mask & HostGraph.ALL_CHANNELS) == HostGraph.ALL_CHANNELS ? "" : " ch " + channelsText(mask);
        return remap >= 0 ? s + " to " + (remap + 1) : s;
    }

    /** "1-16", "1-9,11-16", "none". @thread any */
    static String channelsText(int mask) {
        if ((mask & HostGraph.ALL_CHANNELS) == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        int c = 0;
        while (c < 16) {
            if ((mask & (1 << c)) == 0) {
                c++;
                continue;
            }
            int end = c;
            while (end + 1 < 16 && (mask & (1 << (end + 1))) != 0) {
                end++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c + 1);
            if (end > c) {
                sb.append('-').append(end + 1);
            }
            c = end + 1;
        }
        return sb.toString();
    }

    /**
     * Parses "1-9,11-16", "10", "1,3,5-7" (channels 1-16) into a mask.
     * @throws IllegalArgumentException naming what is wrong
     * @thread any
     */
    static int parseChannels(String v) {
        String t = v.trim();
        int mask = 0;
        for (String part : t.split(",", -1)) {
            String[] ab = part.trim().split("-", -1);
            if (ab.length > 2) {
                throw new IllegalArgumentException("'" + v + "' is not a channel list like 1-9,11-16");
            }
            int a = channel(ab[0], v);
            int b = ab.length == 2 ? channel(ab[1], v) : a;
            if (b < a) {
                throw new IllegalArgumentException("channel range '" + part.trim() + "' runs backwards");
            }
            for (int c = a; c <= b; c++) {
                mask |= 1 << (c - 1);
            }
        }
        return mask;
    }

    /** A MIDI channel 1-16, checked (the caller subtracts 1). @thread any */
    static int channel(String s, String whole) {
        int c;
        try {
            c = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a channel list like 1-9,11-16", e);
        }
        if (c < 1 || c > 16) {
            throw new IllegalArgumentException("channel " + c + " is not 1-16");
        }
        return c;
    }
}
