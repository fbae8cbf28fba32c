package org.midirack.host.audio;

import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;

/**
 * More ports on the JACK client of an {@link AudioOutputJack}, served in the same process callback
 * that renders the host: JACK MIDI in and out, JACK transport. Because the callback that reads a MIDI
 * input port is the one that renders the cycle, an event at frame {@code f} of JACK's cycle reaches
 * the nodes' FIFOs at offset {@code f} of the very cycle they render next (no time map, no jitter).
 *
 * <p>One hook may serve several clients in turn: when an {@link AudioSession} re-opens the output
 * after the server came back, {@link #register} is called again on the new client.
 */
public interface JackClientHook {

    /**
     * Registers this hook's ports on a freshly opened client, before it is activated.
     *
     * @param jack the library
     * @param client the client
     * @throws JackException when JACK refuses a port
     * @thread main or audio session supervisor
     */
    void register(Jack jack, JackClient client) throws JackException;

    /**
     * The client is active: connections can be made now.
     *
     * @param jack the library
     * @param client the client
     * @throws JackException when a connection fails
     * @thread main or audio session supervisor
     */
    default void activated(Jack jack, JackClient client) throws JackException {
    }

    /**
     * First thing in every process callback of the client, before anything is rendered. Must not
     * allocate, lock, block or throw.
     *
     * @param nframes JACK's cycle length
     * @param rendering whether the host renders in this callback (false before start and after stop:
     *     the hook should then drop its input and write empty output buffers)
     * @thread render (JACK's process thread)
     */
    void cycleStart(int nframes, boolean rendering);

    /**
     * Last thing in every process callback, after the host rendered the cycle. Must not allocate,
     * lock, block or throw.
     *
     * @param nframes JACK's cycle length
     * @param rendering as for {@link #cycleStart}
     * @thread render (JACK's process thread)
     */
    void cycleEnd(int nframes, boolean rendering);

    /**
     * The client is being closed (or was lost with its server): forget its ports.
     *
     * @thread main or audio session supervisor
     */
    default void closed() {
    }

    /**
     * One hook serving several in order (MIDI ports and transport on one client).
     *
     * @param hooks the hooks; null entries are left out
     * @return a hook calling each in turn
     * @thread main
     */
    static JackClientHook all(JackClientHook... hooks) {
        JackClientHook[] h = java.util.Arrays.stream(hooks).filter(java.util.Objects::nonNull)
                .toArray(JackClientHook[]::new);
        return new JackClientHook() {
            /** @thread main or audio session supervisor */
            @Override
            public void register(Jack jack, JackClient client) throws JackException {
                for (int i = 0; i < h.length; i++) {
                    h[i].register(jack, client);
                }
            }

            /** @thread main or audio session supervisor */
            @Override
            public void activated(Jack jack, JackClient client) throws JackException {
                for (int i = 0; i < h.length; i++) {
                    h[i].activated(jack, client);
                }
            }

            /** @thread render (JACK's process thread) */
            @Override
            public void cycleStart(int nframes, boolean rendering) {
                for (int i = 0; i < h.length; i++) {
                    h[i].cycleStart(nframes, rendering);
                }
            }

            /** @thread render (JACK's process thread) */
            @Override
            public void cycleEnd(int nframes, boolean rendering) {
                for (int i = 0; i < h.length; i++) {
                    h[i].cycleEnd(nframes, rendering);
                }
            }

            /** @thread main or audio session supervisor */
            @Override
            public void closed() {
                for (int i = 0; i < h.length; i++) {
                    h[i].closed();
                }
            }
        };
    }
}
