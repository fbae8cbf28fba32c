package org.midirack.demos.melody;

/** A builder error that knows which script position caused it (the origin of a tie). */
final class MelodyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Object origin;

    MelodyException(String message, Object origin) {
        super(message);
        this.origin = origin;
    }

    Object origin() {
        return origin;
    }
}
