package org.midirack.demos.melody;

/**
 * Text from a user's file shown in a one-line message: every control character escaped, so a
 * script or session holding a carriage return, a line break or a terminal escape cannot break the
 * line or steer the terminal (fuzzing found such messages, docs/FUZZING.md). The melody parser's,
 * the session reader's and the command line's errors pass their text through it.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /**
     * The text with each control character (C0, DEL, C1, the Unicode line and paragraph
     * separators) written as an escape: {@code \t}, {@code \n}, {@code \r}, else {@code \u001b}.
     * Text without one is returned as it is.
     * @thread any
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = isControl(c);
            if (control && b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (b == null) {
                continue;
            }
            if (!control) {
                b.append(c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }

    /**
     * Whether a character is one {@link #escape} escapes.
     * @thread any
     */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029';
    }
}
