package org.midirack.instruments.gervill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.MidiChannel;
import javax.sound.midi.Synthesizer;

import com.sun.media.sound.ModelConnectionBlock;
import com.sun.media.sound.ModelDestination;
import com.sun.media.sound.ModelIdentifier;
import com.sun.media.sound.ModelPerformer;
import com.sun.media.sound.ModelSource;
import com.sun.media.sound.ModelStandardTransform;
import com.sun.media.sound.ModelTransform;
import com.sun.media.sound.SoftPerformer;

/**
 * Leaves out of a performer the control-rate connections that add exactly zero in every block of a song: those
 * with a source the song never moves ({@link SongUse}) whose value, as Gervill holds it, transforms to
 * zero. Gervill then plays the song bit-identically, doing less in every block of every voice.
 *
 * <p>How a connection is left out without disturbing the others. Gervill builds a {@link SoftPerformer} from a
 * {@link ModelPerformer}: it adds its default connections, derives a few more, and orders all of them by a hash
 * map of their keys. The order matters, because several connections add into one destination and floating-point
 * sums depend on their order. So each skipped connection is replaced by an inert one (no source, scale 0, a
 * destination no voice has, which every voice passes over at once) in a performer that carries Gervill's
 * complete, final list with Gervill's defaults switched off: the list keeps its length, the hash map its size,
 * and the other connections their order. The result is checked by building Gervill's performer from it: when the
 * kept connections are not in the original order, or are not all there, the original performer is used
 * unchanged.
 *
 * <p>When a connection adds zero: Gervill multiplies its scale by each source's transformed value, stopping at
 * the first zero, and adds the destination's transform of the product. It is left out when some source is quiet
 * in the song, transforms to exactly 0 at the value Gervill holds for it on every channel, and comes after
 * sources whose transforms are Gervill's standard (bounded) ones, and when the destination's transform maps
 * ±0 to 0. Only connections Gervill runs in every block (those with an envelope, LFO or other non-MIDI source)
 * are left out that way; the others cost nothing between messages. Then, since a voice computes an LFO or an
 * envelope in every block as soon as any of its connections names it, the connections that only set the
 * parameters of an LFO or envelope that no remaining connection reads are left out too.
 *
 * <p>Built once per engine when its instruments load, on the loading thread; not thread-safe.
 */
final class QuietConnections {

    /** Gervill's master coarse and fine tuning at power-on and after a reset (8192 / 16384: no detuning). */
    private static final double[] MASTER_TUNING = {0.5};

    private static final String INERT_OBJECT = "midirack_skipped";

    private final SongUse use;
    /** Per controller, the values it has on the channels as Gervill holds them (controller / 128), distinct. */
    private final double[][] controllers = new double[128][];
    private final double[] channelPressure;
    private final double[] polyPressure;
    private int skipped;

    private QuietConnections(SongUse use, MidiChannel[] channels) {
        this.use = use;
        final double[] values = new double[channels.length * 128];
        for (int cc = 0; cc < 128; cc++) {
            for (int ch = 0; ch < channels.length; ch++) {
                values[ch] = channels[ch].getController(cc) * (1.0 / 128.0);
            }
            controllers[cc] = distinct(values, channels.length);
        }
        for (int ch = 0; ch < channels.length; ch++) {
            values[ch] = channels[ch].getChannelPressure() * (1.0 / 128.0);
        }
        channelPressure = distinct(values, channels.length);
        for (int ch = 0; ch < channels.length; ch++) {
            for (int key = 0; key < 128; key++) {
                values[ch * 128 + key] = channels[ch].getPolyPressure(key) * (1.0 / 128.0);
            }
        }
        polyPressure = distinct(values, values.length);
    }

    /** The different values among the first {@code n} (each transform is then tried once per value). */
    private static double[] distinct(double[] values, int n) {
        final double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k == 0 || Double.compare(sorted[k - 1], sorted[i]) != 0) {
                sorted[k++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, k);
    }

    /**
     * The connections to skip for a song, with the values {@code synth} (open, nothing played yet) holds; null
     * when the song leaves nothing quiet.
     *
     * @thread main (loading instruments)
     */
    static QuietConnections of(SongUse use, Synthesizer synth) {
        if (use == null || use.nothingQuiet()) {
            return null;
        }
        return new QuietConnections(use, synth.getChannels());
    }

    /** Connections skipped so far, summed over the performers returned by {@link #prune}. @thread main */
    int skipped() {
        return skipped;
    }

    /**
     * {@code p} without the connections that add zero throughout the song, or {@code p} itself when there are
     * none or Gervill's order of the others cannot be kept.
     *
     * @thread main (loading instruments)
     */
    ModelPerformer prune(ModelPerformer p) {
        final SoftPerformer original = new SoftPerformer(p);
        final ModelConnectionBlock[] all = original.connections;
        final boolean[] perBlock = new boolean[all.length];
        for (final int ix : original.ctrl_connections) {
            perBlock[ix] = true;
        }
        final boolean[] out = new boolean[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = perBlock[i] && addsZeroThroughout(all[i]);
        }
        leaveOutUnreadGenerators(all, out);
        final List<ModelConnectionBlock> replaced = new ArrayList<>(all.length);
        final List<ModelConnectionBlock> kept = new ArrayList<>(all.length);
        int inert = 0;
        int perBlockLeft = 0;
        for (int i = 0; i < all.length; i++) {
            if (out[i]) {
                replaced.add(new ModelConnectionBlock(0.0,
                        new ModelDestination(new ModelIdentifier(INERT_OBJECT, "skipped", inert++))));
                perBlockLeft += perBlock[i] ? 1 : 0;
            } else {
                replaced.add(all[i]);
                kept.add(all[i]);
            }
        }
        if (inert == 0) {
            return p;
        }
        final ModelPerformer candidate = FloatSampleInstrument.copyOf(p, replaced, false, p.getOscillators());
        if (!keepsOrder(new SoftPerformer(candidate), kept, original.ctrl_connections.length - perBlockLeft)) {
            return p;
        }
        skipped += inert;
        return candidate;
    }

    /**
     * Marks also the connections that only set an LFO's or envelope's parameters (its frequency, delay, attack
     * and so on) when no kept connection reads that LFO or envelope: a voice computes an LFO or envelope in every
     * block as soon as one of its connections names it, and one that nothing reads changes nothing. Repeated
     * until nothing more is marked, since such a connection may itself be the last reader of another one.
     */
    private static void leaveOutUnreadGenerators(ModelConnectionBlock[] all, boolean[] out) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < all.length; i++) {
                final ModelDestination d = all[i].getDestination();
                if (out[i] || d == null || !isGenerator(d.getIdentifier())) {
                    continue;
                }
                if (!readByAKeptConnection(all, out, d.getIdentifier())) {
                    out[i] = true;
                    changed = true;
                }
            }
        }
    }

    private static boolean isGenerator(ModelIdentifier id) {
        return "lfo".equals(id.getObject()) || "eg".equals(id.getObject());
    }

    /** Whether a connection not marked reads the LFO or envelope (object and instance) {@code target} sets. */
    private static boolean readByAKeptConnection(ModelConnectionBlock[] all, boolean[] out, ModelIdentifier target) {
        for (int j = 0; j < all.length; j++) {
            if (out[j]) {
                continue;
            }
            for (final ModelSource s : all[j].getSources()) {
                final ModelIdentifier id = s.getIdentifier();
                if (id.getObject().equals(target.getObject()) && id.getInstance() == target.getInstance()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether Gervill's performer of the candidate runs exactly {@code kept}, in that order. */
    private static boolean keepsOrder(SoftPerformer built, List<ModelConnectionBlock> kept, int perBlockExpected) {
        if (built.ctrl_connections.length != perBlockExpected) {
            return false;
        }
        int k = 0;
        for (final ModelConnectionBlock c : built.connections) {
            final ModelDestination d = c.getDestination();
            if (d != null && INERT_OBJECT.equals(d.getIdentifier().getObject())) {
                continue;
            }
            if (k >= kept.size() || kept.get(k) != c) {
                return false;
            }
            k++;
        }
        return k == kept.size();
    }

    private boolean addsZeroThroughout(ModelConnectionBlock c) {
        final ModelDestination d = c.getDestination();
        if (d == null) {
            return false;
        }
        final ModelTransform dt = d.getTransform();
        if (dt != null && !(dt.transform(0.0) == 0.0 && dt.transform(-0.0) == 0.0)) {
            return false;
        }
        for (final ModelSource s : c.getSources()) {
            final double[] held = heldIfQuiet(s.getIdentifier());
            if (held != null && transformsToZero(s.getTransform(), held)) {
                return true;
            }
            // a later zero is only reached through this factor: it must stay finite (standard transforms clamp)
            if (s.getTransform() != null && !(s.getTransform() instanceof ModelStandardTransform)) {
                return false;
            }
        }
        return false;
    }

    private static boolean transformsToZero(ModelTransform t, double[] values) {
        for (final double v : values) {
            final double x = t == null ? v : t.transform(v);
            if (x != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** The values a quiet source holds throughout the song (one per channel or key), or null if it may move. */
    private double[] heldIfQuiet(ModelIdentifier id) {
        final String object = id.getObject();
        final String variable = id.getVariable();
        if (variable == null) {
            return null;
        }
        switch (object) {
            case "midi_cc": {
                final int cc;
                try {
                    cc = Integer.parseInt(variable);
                } catch (NumberFormatException e) {
                    return null;
                }
                return cc >= 0 && cc < 128 && use.controllerQuiet(cc) ? controllers[cc] : null;
            }
            case "midi":
                if (variable.equals("channel_pressure")) {
                    return use.channelPressureQuiet() ? channelPressure : null;
                }
                if (variable.equals("poly_pressure")) {
                    return use.polyPressureQuiet() ? polyPressure : null;
                }
                return null;
            case "master":
                if (variable.equals("coarse_tuning") || variable.equals("fine_tuning")) {
                    return use.masterTuningQuiet() ? MASTER_TUNING : null;
                }
                return null;
            default:
                return null;
        }
    }
}
