package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The render server's request scope and its wire format, without a server. */
class RequestScopeTest {

    private static RequestScope scope(boolean terminal) {
        return new RequestScope(Path.of("/client"), terminal, new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    @Test
    void threadsStartedInAScopeBelongToIt() throws Exception {
        RequestScope s = scope(true);
        AtomicReference<RequestScope> seen = new AtomicReference<>();
        AtomicReference<Boolean> terminal = new AtomicReference<>();
        s.run(() -> {
            Thread t = new Thread(() -> {
                seen.set(RequestScope.current());
                terminal.set(RequestScope.onTerminal());
            });
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return 0;
        });
        assertSame(s, seen.get());
        assertTrue(terminal.get(), "the client's terminal, not this process's");
        assertNull(RequestScope.current(), "the scope outlived its run");
    }

    @Test
    void cancelRunsEachHookOnceAndAHookAddedAfterAtOnce() {
        RequestScope s = scope(false);
        AtomicInteger ran = new AtomicInteger();
        Thread kept = new Thread(ran::incrementAndGet);
        Thread removed = new Thread(() -> ran.addAndGet(100));
        s.run(() -> {
            RequestScope.addExitHook(kept);
            RequestScope.addExitHook(removed);
            assertTrue(RequestScope.removeExitHook(removed));
            assertFalse(RequestScope.cancelled());
            return 0;
        });
        s.cancel();
        s.cancel();
        assertEquals(1, ran.get(), "a removed hook ran, or a hook ran twice");
        s.run(() -> {
            assertTrue(RequestScope.cancelled());
            RequestScope.addExitHook(new Thread(() -> ran.addAndGet(10)));
            assertFalse(RequestScope.removeExitHook(kept), "a hook that ran was still registered");
            return 0;
        });
        assertEquals(11, ran.get(), "a hook added after the client went away did not run at once");
    }

    @Test
    void outsideTheServerHooksAreTheJvmsShutdownHooks() {
        Thread h = new Thread(() -> { });
        RequestScope.addExitHook(h);
        assertThrows(IllegalArgumentException.class, () -> Runtime.getRuntime().addShutdownHook(h),
                "not registered with the JVM");
        assertTrue(RequestScope.removeExitHook(h));
        assertFalse(RequestScope.cancelled());
    }

    @Test
    void aRequestReadsBackAsWritten() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String[] args = {"render", "sång.mid", "--out", "ü 1.wav", ""};
        RenderWire.writeRequest(new DataOutputStream(b), "/home/ä", true, args);
        RenderWire.Request r = RenderWire.readRequest(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        assertEquals("/home/ä", r.cwd());
        assertTrue(r.terminal());
        assertEquals(List.of(args), r.args());
    }

    @Test
    void bytesThatAreNoRequestAreRefusedNamingWhy() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class,
                () -> RenderWire.readRequest(new DataInputStream(new ByteArrayInputStream(http))));
        assertEquals("not a midirack render request (starts with 0x47455420)", e.getMessage());
    }

    @Test
    void framesCarryEachWriteAndEndWithTheExitCode() throws IOException {
        ByteArrayOutputStream sock = new ByteArrayOutputStream();
        RenderWire.Frames f = new RenderWire.Frames(sock);
        f.stream(RenderWire.OUT).write("ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        f.stream(RenderWire.ERR).write('c');
        f.exit(3);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(sock.toByteArray()));
        assertEquals(RenderWire.OUT, in.readByte());
        assertEquals(2, in.readInt());
        assertEquals('a', in.readByte());
        assertEquals('b', in.readByte());
        assertEquals(RenderWire.ERR, in.readByte());
        assertEquals(1, in.readInt());
        assertEquals('c', in.readByte());
        assertEquals(RenderWire.EXIT, in.readByte());
        assertEquals(3, in.readInt());
        assertEquals(-1, in.read());
    }
}
