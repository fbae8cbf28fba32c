package org.midirack.effects;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.dsp.SmoothedValue;
import java.util.List;

/**
 * Base of the MIDI-controlled audio effects: a stereo {@link NodeKind#MUSIC_EFFECT} (audio and
 * MIDI in, audio out, no MIDI out). Every parameter whose descriptor has a smoothing time gets a
 * {@link SmoothedValue} ramped linearly over that time from the frame the change acts on;
 * values that arrive before the first cycle after activation apply at once (no ramp from the
 * defaults). Subclasses read {@link #smoother(int)} per frame and get other changes in
 * {@link #onParameter}.
 */
public abstract class AudioEffectNode extends AbstractNode {
    private final SmoothedValue[] smoothers;
    private boolean fresh;

    /** @thread main */
    protected AudioEffectNode(NodeDescriptor descriptor) {
        super(descriptor);
        smoothers = new SmoothedValue[descriptor.params().size()];
        for (int i = 0; i < smoothers.length; i++) {
            ParamDescriptor d = descriptor.params().get(i);
            if (d.smoothingMs() > 0) {
                smoothers[i] = new SmoothedValue(d.defaultValue());
            }
        }
    }

    /** A stereo MUSIC_EFFECT descriptor without MIDI out. @thread main */
    protected static NodeDescriptor effectDescriptor(String id, String name, List<ParamDescriptor> params) {
        return new NodeDescriptor(id, name, NodeKind.MUSIC_EFFECT, "midirack", "0.1.0",
                new int[] {2}, new int[] {2}, false, true, params);
    }

    /** @thread main */
    @Override
    protected final void onActivate(double sampleRate, int maxFrames) {
        for (int i = 0; i < smoothers.length; i++) {
            if (smoothers[i] != null) {
                smoothers[i].setRampMillis(parameters().descriptor(i).smoothingMs(), sampleRate);
                smoothers[i].reset(parameters().value(i));
            }
        }
        fresh = true;
        activateEffect(sampleRate, maxFrames);
    }

    /** Subclass allocation for an activation. @thread main */
    protected abstract void activateEffect(double sampleRate, int maxFrames);

    /** The smoother of a smoothed parameter. @thread render */
    protected final SmoothedValue smoother(int index) {
        return smoothers[index];
    }

    /** @thread render */
    @Override
    public final void parameterChanged(int index, double value) {
        SmoothedValue s = smoothers[index];
        if (s != null) {
            if (fresh) {
                s.reset(value);
            } else {
                s.setTarget(value);
            }
        }
        onParameter(index, value);
    }

    /** A parameter changed on this frame (after its smoother got the new target). @thread render */
    protected void onParameter(int index, double value) {
    }

    /** @thread render */
    @Override
    protected final void beginCycle(ProcessContext ctx) {
        fresh = false;
        beginEffectCycle(ctx);
    }

    /** Per-cycle work before the first sub-block. @thread render */
    protected void beginEffectCycle(ProcessContext ctx) {
    }

    /**
     * Maps a MIDI controller value 0..127 onto a parameter's range and applies it on this frame,
     * as a timeline change would.
     * @thread render
     */
    protected final void applyController(int index, int value) {
        double v = parameters().applyFromTimeline(index, parameters().descriptor(index).fromNormalized(value / 127.0));
        if (v == v) {
            parameterChanged(index, v);
        }
    }

    /** Flushes state values too small to matter (and denormals) to zero, keeping double precision. @thread any */
    protected static double flushD(double v) {
        return v > -1e-15 && v < 1e-15 ? 0 : v;
    }

    /** Flushes values too small to matter (and denormals) to zero. @thread any */
    protected static float flush(double v) {
        return v > -1e-15 && v < 1e-15 ? 0f : (float) v;
    }
}
