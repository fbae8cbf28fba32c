package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GervillEngineSoundbankTest {

    static final GervillSettings DRY = GervillSettings.defaults(48000).dry();
    static final Path TIMGM = Paths.get("/usr/share/sounds/sf2/TimGM6mb.sf2");

    @TempDir
    Path dir;

    static float[][] note(GervillSettings s, int program) {
        EngineRender r = new EngineRender().add(0, 0xC0, program, 0).add(100, 0x90, 69, 100);
        return EngineRender.run(s, 32, 9600, 128, r);
    }

    @Test
    void loadsATinySf2TheTestWrites() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("tiny.sf2"));
        GervillSettings s = DRY.withSoundbank(sf2).withLoadDefaultBank(false);
        try (GervillEngine e = GervillEngine.open(s, 128, 32)) {
            assertEquals(sf2.toString(), e.bankDescription());
        }
        float[][] square = note(s, 0);
        float[][] piano = note(DRY, 0);
        int onset = EngineRender.firstNonZero(square[0]);
        assertTrue(onset >= 132 && onset < 140, "square starts at the note's frame + latency: " + onset);
        assertNotEquals(-1, EngineRender.firstNonZero(square[0]), "the tiny bank sounds");
        assertNotEquals(-1, EngineRender.firstDifference(square[0], piano[0]), "and it is not the default piano");
        // the square wave's sign flips every 50 source frames: count zero crossings over 0.1 s of sustain
        int crossings = 0;
        for (int i = 4000; i < 8800; i++) {
            if ((square[0][i] >= 0) != (square[0][i - 1] >= 0)) {
                crossings++;
            }
        }
        // 440 Hz played from a 480 Hz sample rooted at 493.9 Hz: ~427 Hz -> ~41 periods -> ~82 crossings in 0.1 s
        assertTrue(crossings >= 70 && crossings <= 95, "crossings " + crossings);
    }

    @Test
    void loadsTimGm6mbWhenPresent() {
        boolean required = Boolean.getBoolean("midirack.requireSoundfonts")
                || "true".equals(System.getenv("MIDIRACK_REQUIRE_SOUNDFONTS"));
        if (!Files.isReadable(TIMGM)) {
            if (required) {
                throw new AssertionError(TIMGM + " is required (midirack.requireSoundfonts=true) but missing; "
                        + "install Debian's timgm6mb-soundfont");
            }
            System.err.println("SKIPPED loadsTimGm6mbWhenPresent: " + TIMGM + " is absent");
            Assumptions.assumeTrue(false, TIMGM + " is absent (install timgm6mb-soundfont)");
        }
        GervillSettings s = DRY.withSoundbank(TIMGM).withLoadDefaultBank(false);
        float[][] piano = note(s, 0);
        float[][] def = note(DRY, 0);
        assertTrue(EngineRender.firstNonZero(piano[0]) >= 132);
        assertNotEquals(-1, EngineRender.firstNonZero(piano[0]));
        assertNotEquals(-1, EngineRender.firstDifference(piano[0], def[0]));
        // the onset stays exact with a real bank: the same note 1000 frames later is the same signal shifted
        EngineRender later = new EngineRender().add(0, 0xC0, 0, 0).add(1100, 0x90, 69, 100);
        float[][] shifted = EngineRender.run(s, 32, 9600, 128, later);
        for (int i = 0; i < 1100; i++) {
            assertEquals(0f, shifted[0][i]);
        }
        for (int i = 1100; i < 9600; i++) {
            assertEquals(piano[0][i - 1000], shifted[0][i], "frame " + i);
        }
    }

    @Test
    void missingBankFailsAtOpenNamingFileAndReason() {
        Path missing = dir.resolve("nope.sf2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(missing), 128, 32));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryIsNotABank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(dir), 128, 32));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("not a regular file"),
                e.getMessage());
    }

    @Test
    void corruptBankFailsAtOpenNamingFileAndReason() throws IOException {
        Path junk = dir.resolve("junk.sf2");
        byte[] bytes = new byte[4096];
        Arrays.fill(bytes, (byte) 0x5A);
        Files.write(junk, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(junk), 128, 32));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be loaded"), e.getMessage());

        Path truncated = dir.resolve("truncated.sf2");
        byte[] good = Files.readAllBytes(TinySoundfont.write(dir.resolve("good.sf2")));
        Files.write(truncated, Arrays.copyOf(good, good.length / 3));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(truncated), 128, 32));
        assertTrue(t.getMessage().contains(truncated.toString()), t.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.dls"));
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(empty), 128, 32));
        assertTrue(m.getMessage().contains(empty.toString()), m.getMessage());
    }

    @Test
    void unreadableBankFailsAtOpen() throws IOException {
        Path locked = TinySoundfont.write(dir.resolve("locked.sf2"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root: permissions do not lock the file");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GervillEngine.open(DRY.withSoundbank(locked), 128, 32));
        assertTrue(e.getMessage().contains(locked.toString()) && e.getMessage().contains("not readable"),
                e.getMessage());
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GervillSettings.defaults(48000).withInterpolation("nearest"));
        assertTrue(e.getMessage().contains("interpolation") && e.getMessage().contains("nearest"));
        assertFalse(assertThrows(IllegalArgumentException.class,
                () -> GervillSettings.defaults(48000).withBlockFrames(0)).getMessage().isEmpty());
    }
}
