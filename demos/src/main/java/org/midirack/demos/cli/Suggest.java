package org.midirack.demos.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * Did-you-mean for a word the command line does not know: the nearest of the words it does know, when
 * one is close (a typo: a letter inserted, left out, changed, or two neighbours swapped; at most one
 * such edit per three letters, and never more than two). Used for the host's commands and the
 * command line's own ({@code midirack plya}).
 */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The known word nearest {@code word} (case ignored), or null when none is close enough to suggest.
     * @thread any
     */
    public static String nearest(String word, Collection<String> known) {
        String key = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : known) {
            int d = distance(key, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(2, key.length() / 3)) ? best : null;
    }

    /** Edits between two words: insert, delete, replace, or swap two neighbouring letters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
