package org.midirack.instruments.gervill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sound.midi.MidiChannel;
import javax.sound.midi.Patch;
import javax.sound.midi.Soundbank;
import javax.sound.sampled.AudioFormat;

import com.sun.media.sound.AudioFloatInputStream;
import com.sun.media.sound.ModelByteBuffer;
import com.sun.media.sound.ModelByteBufferWavetable;
import com.sun.media.sound.ModelChannelMixer;
import com.sun.media.sound.ModelConnectionBlock;
import com.sun.media.sound.ModelDirectedPlayer;
import com.sun.media.sound.ModelDirector;
import com.sun.media.sound.ModelInstrument;
import com.sun.media.sound.ModelOscillator;
import com.sun.media.sound.ModelPerformer;

/**
 * A bank's instrument as Gervill loads it, with every byte-buffer wavetable replaced by a
 * {@link FloatWavetable} of the same sample: what a synthesizer builds from it plays bit-identically and
 * reads no sample bytes while it plays.
 *
 * <p>Everything but the oscillators is the original instrument's (patch, name, performers, director, channel
 * mixer), except that for a song known ahead the performers may also leave out the connections that add zero
 * throughout it ({@link QuietConnections}). The floats of a sample are made once per bank and process
 * ({@link #of}: the first engine that loads an instrument with the sample reads it from the bank's file through
 * Gervill's own stream) and shared by every engine afterwards. Gervill then finds no byte buffer to load for
 * them, so those samples are not also held as bytes. A performer the song never starts ({@link SongUse#playsIn})
 * is not handed to Gervill at all.
 *
 * <p>Thread safety: the cache of banks is locked for each lookup, and a bank's floats are made and read under the
 * lock of that bank's map, so engines loading on several threads make each sample's floats once.
 */
final class FloatSampleInstrument extends ModelInstrument {

    /** Per bank: the floats of each sample (by its byte buffer, which the bank keeps for its lifetime). */
    private static final Map<Soundbank, Map<ModelByteBuffer, Floats>> CACHE = new WeakHashMap<>();

    private record Floats(float[] data, AudioFormat format) {
    }

    private final ModelInstrument inner;
    private final Map<ModelByteBuffer, Floats> floats;
    private final QuietConnections quiet;
    private final SongUse use;

    private FloatSampleInstrument(ModelInstrument inner, Map<ModelByteBuffer, Floats> floats, QuietConnections quiet,
                                  SongUse use) {
        super(inner.getSoundbank(), inner.getPatch(), inner.getName(), inner.getDataClass());
        this.inner = inner;
        this.floats = floats;
        this.quiet = quiet;
        this.use = use;
    }

    /**
     * The instrument with float samples, sharing the floats already made for {@code bank}.
     *
     * @param quiet the connections to leave out for the song ({@link QuietConnections}), or null for none
     * @param use   what the song plays: a performer none of its notes starts keeps Gervill's own wavetable and
     *              every connection ({@link SongUse#unknown()}: every performer is prepared)
     * @thread main (any thread but render), holding the bank's lock
     */
    static ModelInstrument of(Soundbank bank, ModelInstrument instrument, QuietConnections quiet, SongUse use) {
        synchronized (CACHE) {
            return new FloatSampleInstrument(instrument, CACHE.computeIfAbsent(bank, b -> new IdentityHashMap<>()),
                    quiet, use);
        }
    }

    /** How many samples of {@code bank} are held as floats in this process. @thread main */
    static int samplesHeld(Soundbank bank) {
        final Map<ModelByteBuffer, Floats> m;
        synchronized (CACHE) {
            m = CACHE.get(bank);
        }
        if (m == null) {
            return 0;
        }
        synchronized (m) {
            return m.size();
        }
    }

    /**
     * The original's performers, each copied with its byte-buffer wavetables replaced and, for a song known
     * ahead, without the connections that add zero throughout it ({@link QuietConnections}); the original's own
     * performer objects are left as they are, whether or not it hands out fresh ones on every call. A performer
     * the song never starts (no note-on in its key and velocity range) is left out: Gervill picks the performers
     * of a note by its key and velocity among those it has, so every note of the song starts the same
     * performers in the same order, and a note outside the song would find none.
     *
     * @thread main (Gervill builds its performers from these while loading)
     */
    @Override
    public ModelPerformer[] getPerformers() {
        final ModelPerformer[] performers = inner.getPerformers();
        final boolean mayLeaveOut = !hasEmptyRange(performers);
        final List<ModelPerformer> copies = new ArrayList<>(performers.length);
        for (final ModelPerformer p : performers) {
            // release-triggered performers start on a note-off, whose velocity the song does not promise
            if (!p.isReleaseTriggered() && !use.playsIn(p.getKeyFrom(), p.getKeyTo(), p.getVelFrom(), p.getVelTo())) {
                if (mayLeaveOut) {
                    continue; // no note of the song starts it: Gervill would only build it and read its samples
                }
                copies.add(p); // as Gervill has it: it may yet be played, see hasEmptyRange
                continue;
            }
            final ModelPerformer floatSamples = withFloatSamples(p);
            copies.add(quiet == null ? floatSamples : quiet.prune(floatSamples));
        }
        return copies.toArray(new ModelPerformer[0]);
    }

    /**
     * Whether a performer has an empty key or velocity range (from above to). Gervill's note index
     * ({@code ModelStandardIndexedDirector}) skips such a performer without counting it, so every performer
     * after it is played in place of the one before: a note can start a performer whose ranges do not hold it.
     * In such an instrument no performer is left out (FluidR3_GM has five: the drawbar organ, the TR-808 kit and
     * the three brush kits); the ones the song's notes do not start are handed over as Gervill has them, and
     * sound as they would.
     */
    private static boolean hasEmptyRange(ModelPerformer[] performers) {
        for (final ModelPerformer p : performers) {
            if (p.getKeyFrom() > p.getKeyTo() || p.getVelFrom() > p.getVelTo()) {
                return true;
            }
        }
        return false;
    }

    private ModelPerformer withFloatSamples(ModelPerformer p) {
        final List<ModelOscillator> oscillators = new ArrayList<>(p.getOscillators().size());
        for (ModelOscillator o : p.getOscillators()) {
            Floats f = null;
            if (o instanceof ModelByteBufferWavetable w && w.getBuffer() != null) {
                f = floatsOf(w);
            }
            oscillators.add(f == null ? o : new FloatWavetable(f.data(), f.format(), (ModelByteBufferWavetable) o));
        }
        return copyOf(p, p.getConnectionBlocks(), p.isDefaultConnectionsEnabled(), oscillators);
    }

    /**
     * A new performer with everything of {@code p} but its connections, default-connection switch and
     * oscillators, which are these.
     *
     * @thread main (loading instruments)
     */
    static ModelPerformer copyOf(ModelPerformer p, List<ModelConnectionBlock> connections, boolean defaults,
                                 List<ModelOscillator> oscillators) {
        final ModelPerformer c = new ModelPerformer();
        c.setName(p.getName());
        c.setConnectionBlocks(new ArrayList<>(connections));
        c.setExclusiveClass(p.getExclusiveClass());
        c.setSelfNonExclusive(p.isSelfNonExclusive());
        c.setKeyFrom(p.getKeyFrom());
        c.setKeyTo(p.getKeyTo());
        c.setVelFrom(p.getVelFrom());
        c.setVelTo(p.getVelTo());
        c.setReleaseTriggered(p.isReleaseTriggered());
        c.setUserObject(p.getUserObject());
        c.setDefaultConnectionsEnabled(defaults);
        c.getOscillators().addAll(oscillators);
        return c;
    }

    /**
     * The sample as floats, made on first use; null when Gervill's own stream cannot read it (the wavetable is
     * then left as it is). The bytes are read as Gervill reads them before playing (16-bit data with its 24-bit
     * extension when the bank has one), converted by the wavetable's own stream, and let go again unless
     * another engine had them loaded already.
     */
    private Floats floatsOf(ModelByteBufferWavetable w) {
        synchronized (floats) {
            return floatsOfLocked(w);
        }
    }

    private Floats floatsOfLocked(ModelByteBufferWavetable w) {
        final Floats known = floats.get(w.getBuffer());
        if (known != null) {
            return known;
        }
        final List<ModelByteBuffer> loadedHere = new ArrayList<>(2);
        try {
            for (ModelByteBuffer b : new ModelByteBuffer[] {w.getBuffer(), w.get8BitExtensionBuffer()}) {
                if (b != null && b.array() == null) {
                    b.load();
                    loadedHere.add(b);
                }
            }
            final AudioFloatInputStream in = w.openStream();
            if (in == null) {
                return null;
            }
            final int n = Math.toIntExact(in.getFrameLength() * in.getFormat().getChannels());
            final float[] data = new float[n];
            int off = 0;
            while (off < n) {
                final int r = in.read(data, off, n - off);
                if (r < 0) {
                    break;
                }
                off += r;
            }
            in.close();
            final Floats f = new Floats(off == n ? data : Arrays.copyOf(data, off), in.getFormat());
            floats.put(w.getBuffer(), f);
            return f;
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            for (ModelByteBuffer b : loadedHere) {
                b.unload();
            }
        }
    }

    /** @thread any */
    @Override
    public Patch getPatch() {
        return inner.getPatch();
    }

    /** @thread any */
    @Override
    public String getName() {
        return inner.getName();
    }

    /** @thread any */
    @Override
    public Object getData() {
        return inner.getData();
    }

    /** @thread Gervill's (a note starting) */
    @Override
    public ModelDirector getDirector(ModelPerformer[] performers, MidiChannel channel, ModelDirectedPlayer player) {
        return inner.getDirector(performers, channel, player);
    }

    /** @thread Gervill's */
    @Override
    public ModelChannelMixer getChannelMixer(MidiChannel channel, AudioFormat format) {
        return inner.getChannelMixer(channel, format);
    }
}
