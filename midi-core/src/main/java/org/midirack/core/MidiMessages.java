package org.midirack.core;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;

/**
 * Short MIDI messages as primitives: a message is packed into one {@code int} as
 * {@code status << 16 | data1 << 8 | data2}, the layout of {@link ShortMessage}'s bytes.
 * Nothing here allocates except the {@link ShortMessage} conversions.
 *
 * <p>Two kinds of checks: {@link #isValid(int, int, int)} never throws and is what the render
 * path uses (bad input is counted and skipped); {@link #check(int, int, int)} throws an
 * {@link IllegalArgumentException} that says what was wrong, for use off the render thread.
 */
public final class MidiMessages {
    public static final int NOTE_OFF = 0x80;
    public static final int NOTE_ON = 0x90;
    public static final int POLY_PRESSURE = 0xA0;
    public static final int CONTROL_CHANGE = 0xB0;
    public static final int PROGRAM_CHANGE = 0xC0;
    public static final int CHANNEL_PRESSURE = 0xD0;
    public static final int PITCH_BEND = 0xE0;
    public static final int CC_ALL_SOUND_OFF = 120;
    public static final int CC_RESET_ALL_CONTROLLERS = 121;
    public static final int CC_ALL_NOTES_OFF = 123;

    private MidiMessages() {
    }

    /**
     * Packs a message; bytes are masked, not checked.
     * @thread any
     */
    public static int pack(int status, int data1, int data2) {
        return (status & 0xFF) << 16 | (data1 & 0xFF) << 8 | (data2 & 0xFF);
    }

    /** @thread any */
    public static int status(int packed) {
        return (packed >>> 16) & 0xFF;
    }

    /** @thread any */
    public static int data1(int packed) {
        return (packed >>> 8) & 0xFF;
    }

    /** @thread any */
    public static int data2(int packed) {
        return packed & 0xFF;
    }

    /** @thread any */
    public static int command(int status) {
        return status < 0xF0 ? status & 0xF0 : status;
    }

    /** @thread any */
    public static int channel(int status) {
        return status & 0x0F;
    }

    /**
     * Number of data bytes a status byte takes, or -1 when the byte is no status of a short
     * message (data byte, system exclusive 0xF0/0xF7, undefined 0xF4/0xF5).
     * @thread any
     */
    public static int dataLength(int status) {
        if (status < 0x80 || status > 0xFF) {
            return -1;
        }
        if (status < 0xF0) {
            int cmd = status & 0xF0;
            return cmd == PROGRAM_CHANGE || cmd == CHANNEL_PRESSURE ? 1 : 2;
        }
        switch (status) {
            case 0xF1: case 0xF3: return 1;
            case 0xF2: return 2;
            case 0xF6: case 0xF8: case 0xFA: case 0xFB: case 0xFC: case 0xFE: case 0xFF: return 0;
            case 0xF9: case 0xFD: return 0;
            default: return -1; // 0xF0, 0xF4, 0xF5, 0xF7
        }
    }

    /**
     * True when the bytes form a short message; never throws.
     * @thread any (render-thread safe)
     */
    public static boolean isValid(int status, int data1, int data2) {
        int len = dataLength(status);
        if (len < 0) {
            return false;
        }
        if (len >= 1 && (data1 < 0 || data1 > 127)) {
            return false;
        }
        return len < 2 || (data2 >= 0 && data2 <= 127);
    }

    /**
     * Checks the bytes of a short message and returns them packed, with unused data bytes zeroed.
     * @thread any (not the render thread: throws)
     * @throws IllegalArgumentException naming the byte that was wrong
     */
    public static int check(int status, int data1, int data2) {
        if (status < 0x80 || status > 0xFF) {
            throw new IllegalArgumentException(String.format(
                    "status byte 0x%X is not a status (must be 0x80..0xFF)", status));
        }
        int len = dataLength(status);
        if (status == 0xF0 || status == 0xF7) {
            throw new IllegalArgumentException(String.format(
                    "status 0x%X is system-exclusive, not a short message", status));
        }
        if (len < 0) {
            throw new IllegalArgumentException(String.format("status 0x%X is undefined in MIDI 1.0", status));
        }
        if (len >= 1 && (data1 < 0 || data1 > 127)) {
            throw new IllegalArgumentException(String.format(
                    "data1 %d of status 0x%X is out of range 0..127", data1, status));
        }
        if (len >= 2 && (data2 < 0 || data2 > 127)) {
            throw new IllegalArgumentException(String.format(
                    "data2 %d of status 0x%X is out of range 0..127", data2, status));
        }
        return pack(status, len >= 1 ? data1 : 0, len >= 2 ? data2 : 0);
    }

    /**
     * A note-on with velocity 0 counts as a note-off, as MIDI 1.0 says.
     * @thread any
     */
    public static boolean isNoteOn(int status, int data2) {
        return (status & 0xF0) == NOTE_ON && status < 0xF0 && data2 > 0;
    }

    /** @thread any */
    public static boolean isNoteOff(int status, int data2) {
        int cmd = status & 0xF0;
        return status < 0xF0 && (cmd == NOTE_OFF || (cmd == NOTE_ON && data2 == 0));
    }

    /**
     * Whether a message ends sound that an earlier message started, so that losing it could leave
     * a note or a held pedal sounding: a note-off (or note-on with velocity 0), a sustain-pedal
     * release (CC 64 below 64), All Sound Off (CC 120), Reset All Controllers (CC 121), All Notes
     * Off (CC 123) and the channel-mode messages that turn all notes off as well (CC 124..127:
     * omni off/on, mono on, poly on).
     * @thread any
     */
    public static boolean isRelease(int status, int data1, int data2) {
        if (status >= 0xF0) {
            return false;
        }
        int cmd = status & 0xF0;
        if (cmd == NOTE_OFF || (cmd == NOTE_ON && data2 == 0)) {
            return true;
        }
        return cmd == CONTROL_CHANGE && (data1 == 64 && data2 < 64 || data1 == CC_ALL_SOUND_OFF
                || data1 == CC_RESET_ALL_CONTROLLERS || data1 >= CC_ALL_NOTES_OFF);
    }

    /**
     * Packs a {@link ShortMessage} (or any 1..3 byte non-SysEx message).
     * @thread any (not the render thread: throws)
     * @throws IllegalArgumentException for system-exclusive or malformed messages
     */
    public static int fromMessage(MidiMessage message) {
        if (message == null) {
            throw new IllegalArgumentException("message is null");
        }
        if (message instanceof ShortMessage) {
            ShortMessage sm = (ShortMessage) message;
            return check(sm.getStatus(), sm.getData1(), sm.getData2());
        }
        byte[] b = message.getMessage();
        if (b.length == 0) {
            throw new IllegalArgumentException("message has no bytes");
        }
        int status = b[0] & 0xFF;
        if (status == 0xF0 || status == 0xF7) {
            throw new IllegalArgumentException("system-exclusive message where a short message is expected");
        }
        if (status == 0xFF && !(message instanceof ShortMessage) && b.length > 1) {
            throw new IllegalArgumentException("meta message (0xFF type " + (b[1] & 0xFF) + ") is not a short message");
        }
        return check(status, b.length > 1 ? b[1] : 0, b.length > 2 ? b[2] : 0);
    }

    /**
     * Unpacks into a new {@link ShortMessage}.
     * @thread any (not the render thread: allocates)
     */
    public static ShortMessage toShortMessage(int packed) {
        int status = status(packed);
        int len = dataLength(status);
        if (len < 0) {
            throw new IllegalArgumentException(String.format("status 0x%X is not a short message status", status));
        }
        try {
            ShortMessage m = new ShortMessage();
            if (len == 0) {
                m.setMessage(status);
            } else {
                m.setMessage(status, data1(packed), len == 2 ? data2(packed) : 0);
            }
            return m;
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A short human-readable form, e.g. {@code "NoteOn ch1 60 100"}.
     * @thread any (not the render thread: allocates)
     */
    public static String describe(int packed) {
        int s = status(packed);
        int d1 = data1(packed);
        int d2 = data2(packed);
        if (s >= 0xF0) {
            return String.format("System 0x%02X %d %d", s, d1, d2);
        }
        String name;
        switch (s & 0xF0) {
            case NOTE_OFF: name = "NoteOff"; break;
            case NOTE_ON: name = "NoteOn"; break;
            case POLY_PRESSURE: name = "PolyPressure"; break;
            case CONTROL_CHANGE: name = "CC"; break;
            case PROGRAM_CHANGE: name = "Program"; break;
            case CHANNEL_PRESSURE: name = "Pressure"; break;
            default: name = "PitchBend"; break;
        }
        return name + " ch" + ((s & 0x0F) + 1) + " " + d1 + " " + d2;
    }
}
