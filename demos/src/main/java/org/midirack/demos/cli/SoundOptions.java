package org.midirack.demos.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.midirack.host.audio.MasterGain;
import org.midirack.instruments.gervill.GervillSettings;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code play}, {@code render}, {@code live}, {@code host} and {@code demo} that shape the sound: {@code --gain DB} on the master
 * (the host's output, before the file or the device), and Gervill's own {@code --reverb on|off},
 * {@code --chorus on|off} and {@code --polyphony N} (its "reverb", "chorus" and "max polyphony"
 * properties). A bad value is a usage error; Gervill's options need {@code --instrument gervill} and,
 * as they choose how the instrument is made, are refused beside {@code --session} (its nodes keep their
 * own state).
 */
public final class SoundOptions {

    @Option(names = "--gain", paramLabel = "DB", description = "Gain on the master in dB (-96..+48; +6 about doubles the level)."
            + " Default: 0. Samples past full scale are counted and reported at the end.")
    Double gainDb;

    @Option(names = "--reverb", paramLabel = "on|off", description = "Gervill's reverb. Default: on.")
    String reverb;

    @Option(names = "--chorus", paramLabel = "on|off", description = "Gervill's chorus. Default: on.")
    String chorus;

    @Option(names = "--polyphony", paramLabel = "N", description = "Gervill's most voices at once, 1-1024 (a note that"
            + " finds them all sounding is not played). Default: 64.")
    Integer polyphony;

    /**
     * Checks the values (a bad one is a usage error) and hands Gervill's settings to {@code rack}.
     * @param session the --session file, or null
     * @thread main
     */
    void applyTo(CommandSpec spec, EngineOptions rack, Path session) {
        UnaryOperator<GervillSettings> tweak = gervill(spec);
        String given = reverb != null ? "--reverb" : chorus != null ? "--chorus" : polyphony != null ? "--polyphony" : null;
        if (given == null) {
            return;
        }
        if (session != null) {
            throw new ParameterException(spec.commandLine(), given + " cannot be given with --session (the session's"
                    + " nodes keep their own settings)");
        }
        if (!rack.instrument.equalsIgnoreCase("gervill")) {
            throw new ParameterException(spec.commandLine(), given + " needs --instrument gervill");
        }
        rack.gervillSettings = tweak;
    }

    /**
     * Checks the values (a bad one is a usage error) and returns what they change in Gervill's settings
     * (the identity when none of --reverb, --chorus, --polyphony is given), for a command whose
     * instrument is always Gervill ({@code demo}).
     * @thread main
     */
    UnaryOperator<GervillSettings> gervill(CommandSpec spec) {
        if (gainDb != null && !(gainDb >= -96 && gainDb <= 48)) {
            throw new ParameterException(spec.commandLine(), "--gain must be -96 to 48 dB, not " + gainDb);
        }
        Boolean rev = onOff(spec, "--reverb", reverb);
        Boolean cho = onOff(spec, "--chorus", chorus);
        if (polyphony != null && (polyphony < 1 || polyphony > 1024)) {
            throw new ParameterException(spec.commandLine(), "--polyphony must be 1-1024 voices, not " + polyphony);
        }
        Integer voices = polyphony;
        return s -> {
            GervillSettings t = s;
            if (rev != null) {
                t = t.withReverb(rev);
            }
            if (cho != null) {
                t = t.withChorus(cho);
            }
            if (voices != null) {
                t = t.withMaxPolyphony(voices);
            }
            return t;
        };
    }

    /** The master gain as a factor, 10^(dB/20); 1 without --gain. @thread any */
    double gain() {
        return gainDb == null ? 1.0 : MasterGain.fromDecibels(gainDb);
    }

    private static Boolean onOff(CommandSpec spec, String option, String v) {
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on": return Boolean.TRUE;
            case "off": return Boolean.FALSE;
            default: throw new ParameterException(spec.commandLine(), option + " must be on or off, not '" + v + "'");
        }
    }

    /**
     * The one line a real-time play that went past full scale ends with.
     * @thread any
     */
    static String clipLine(long clipped, float peak) {
        return String.format(Locale.ROOT, "clipped %d sample%s, peak %+.1f dBFS (past full scale the output clips;"
                + " lower --gain)", clipped, clipped == 1 ? "" : "s", 20 * Math.log10(peak));
    }
}
