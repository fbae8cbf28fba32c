package org.midirack.demos.melody;

/**
 * A melody script error: where it is and what is wrong. The message reads
 * {@code FILE:LINE:COLUMN: what is wrong}, e.g. {@code song.mel:3:14: unknown note name 'H'};
 * lines and columns count from 1, columns in characters (a tab is one column). Control characters
 * of the script quoted in the reason are shown escaped ({@code \r}, {@code \u0000}), so the
 * message stays one line on a terminal whatever the script holds.
 */
public final class MelodyParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * Creates the exception for an error at a position.
     *
     * @thread any
     */
    public MelodyParseException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + PrintableText.escape(reason));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = PrintableText.escape(reason);
    }

    /**
     * The file name as given to the parser.
     *
     * @thread any
     */
    public String getFile() {
        return file;
    }

    /**
     * Line of the error, from 1.
     *
     * @thread any
     */
    public int getLine() {
        return line;
    }

    /**
     * Column of the error, from 1.
     *
     * @thread any
     */
    public int getColumn() {
        return column;
    }

    /**
     * What is wrong, without the position.
     *
     * @thread any
     */
    public String getReason() {
        return reason;
    }
}
