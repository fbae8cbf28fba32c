package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file type {@link AudioOutputWav} writes, read back by a reader that is not ours: Java Sound for
 * WAV and AIFF, the reference {@code flac} tool for FLAC (skipped without it unless
 * {@code -Dmidirack.requireTools=true}), and for RF64 the chunks parsed here as EBU Tech 3306 lays them
 * out. The expected sample codes are computed here from the signal: round(x * (2^(bits-1) - 1)), clipped.
 */
class AudioFileFormatsTest {

    static final int RATE = 48_000;
    /** Odd, and not a multiple of the buffer nor of FLAC's 4096-frame block. */
    static final int FRAMES = 10_007;

    @TempDir
    Path dir;

    /** Left: a 440 Hz sine at 0.6 with one sample past full scale; right: a ramp from -1 to 1. */
    static float sample(int channel, int frame) {
        if (channel == 0) {
            return frame == 5000 ? 1.5f : (float) (0.6 * Math.sin(2 * Math.PI * 440 * frame / RATE));
        }
        return -1f + 2f * frame / FRAMES;
    }

    static final class Signal implements AudioRenderer {
        int pos;

        @Override
        public void render(float[][] out, int frames) {
            for (int f = 0; f < frames; f++, pos++) {
                out[0][f] = sample(0, pos);
                out[1][f] = sample(1, pos);
            }
        }
    }

    /** The code an integer file must hold for a sample. */
    static int code(float s, int bits) {
        double max = (1 << (bits - 1)) - 1;
        double c = Math.max(-1.0, Math.min(1.0, s));
        return (int) Math.round(c * max);
    }

    private Path render(String name, AudioFileType type, WavEncoding enc) throws Exception {
        Path file = dir.resolve(name);
        AudioOutputWav out = new AudioOutputWav(file, type, enc, false);
        out.open(new AudioOutputConfig(RATE, 256, 2));
        out.render(new Signal(), FRAMES);
        out.finish();
        return file;
    }

    /** Interleaved sample codes, as Java Sound decodes the file. */
    private static int[] decode(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            byte[] all = in.readAllBytes();
            int bps = f.getSampleSizeInBits() / 8;
            int[] codes = new int[all.length / bps];
            for (int i = 0; i < codes.length; i++) {
                int v = 0;
                for (int b = 0; b < bps; b++) {
                    int idx = i * bps + (f.isBigEndian() ? b : bps - 1 - b);
                    v = (v << 8) | (all[idx] & 0xFF);
                }
                codes[i] = (v << (32 - 8 * bps)) >> (32 - 8 * bps);
            }
            return codes;
        }
    }

    private static int[] expected(int bits) {
        int[] e = new int[FRAMES * 2];
        for (int f = 0; f < FRAMES; f++) {
            e[2 * f] = code(sample(0, f), bits);
            e[2 * f + 1] = code(sample(1, f), bits);
        }
        return e;
    }

    @Test
    void aiffHeaderAndSamplesReadBackByJavaSound() throws Exception {
        for (WavEncoding enc : new WavEncoding[] {WavEncoding.PCM_16, WavEncoding.PCM_24}) {
            Path file = render("a" + enc.bits() + ".aiff", AudioFileType.AIFF, enc);
            AudioFileFormat ff = AudioSystem.getAudioFileFormat(file.toFile());
            assertEquals(AudioFileFormat.Type.AIFF, ff.getType());
            assertEquals(FRAMES, ff.getFrameLength());
            AudioFormat f = ff.getFormat();
            assertEquals(RATE, f.getSampleRate(), 0.0);
            assertEquals(2, f.getChannels());
            assertEquals(enc.bits(), f.getSampleSizeInBits());
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
            assertTrue(f.isBigEndian());
            assertEquals(ff.getByteLength(), Files.size(file), "the FORM size covers the whole file");
            assertArrayEquals(expected(enc.bits()), decode(file), enc + " samples");
        }
    }

    @Test
    void wavHeaderAndSamplesReadBackByJavaSound() throws Exception {
        Path file = render("w.wav", AudioFileType.WAV, WavEncoding.PCM_24);
        AudioFileFormat ff = AudioSystem.getAudioFileFormat(file.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, ff.getType());
        assertEquals(FRAMES, ff.getFrameLength());
        assertEquals(24, ff.getFormat().getSampleSizeInBits());
        assertArrayEquals(expected(24), decode(file));
    }

    private static String id(ByteBuffer b, int at) {
        byte[] four = new byte[4];
        b.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }

    @Test
    void rf64HasADs64ChunkWithTheTrueSizesAndTheWavSamples() throws Exception {
        for (WavEncoding enc : WavEncoding.values()) {
            Path rf = render("r" + enc + ".rf64", AudioFileType.RF64, enc);
            Path wav = render("r" + enc + ".wav", AudioFileType.WAV, enc);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(rf)).order(ByteOrder.LITTLE_ENDIAN);
            // EBU Tech 3306: "RF64", RIFF size -1, "WAVE", then ds64 first
            assertEquals("RF64", id(b, 0));
            assertEquals(0xFFFF_FFFFL, b.getInt(4) & 0xFFFF_FFFFL);
            assertEquals("WAVE", id(b, 8));
            assertEquals("ds64", id(b, 12));
            int ds64Size = b.getInt(16);
            assertTrue(ds64Size >= 28, "ds64 size " + ds64Size);
            long riffSize = b.getLong(20);
            long dataSize = b.getLong(28);
            long sampleCount = b.getLong(36);
            int tableLength = b.getInt(44);
            long bytesPerFrame = 2L * enc.bytesPerSample();
            assertEquals(b.capacity() - 8, riffSize, "ds64 riffSize: the file's length less 8");
            assertEquals(FRAMES * bytesPerFrame, dataSize, "ds64 dataSize");
            assertEquals(FRAMES, sampleCount, "ds64 sampleCount (frames)");
            assertEquals(0, tableLength);
            // walk the chunks after ds64 to "data"
            int at = 20 + ds64Size + (ds64Size & 1);
            int dataAt = -1;
            int fmtTag = -1;
            while (at + 8 <= b.capacity()) {
                String chunk = id(b, at);
                long size = b.getInt(at + 4) & 0xFFFF_FFFFL;
                if (chunk.equals("fmt ")) {
                    fmtTag = b.getShort(at + 8);
                    assertEquals(2, b.getShort(at + 10));
                    assertEquals(RATE, b.getInt(at + 12));
                    assertEquals(enc.bits(), b.getShort(at + 22));
                }
                if (chunk.equals("data")) {
                    assertEquals(0xFFFF_FFFFL, size, "the data chunk's 32-bit size is -1: ds64 holds it");
                    dataAt = at + 8;
                    break;
                }
                at += 8 + (int) size + (int) (size & 1);
            }
            assertEquals(enc == WavEncoding.FLOAT_32 ? 3 : 1, fmtTag);
            assertTrue(dataAt > 0, "no data chunk");
            byte[] w = Files.readAllBytes(wav);
            int wavData = w.length - (int) dataSize - (int) (dataSize & 1);
            byte[] rfSamples = new byte[(int) dataSize];
            b.get(dataAt, rfSamples);
            byte[] wavSamples = java.util.Arrays.copyOfRange(w, wavData, wavData + (int) dataSize);
            assertArrayEquals(wavSamples, rfSamples, enc + ": RF64 holds the WAV's samples");
            assertEquals(dataAt + dataSize + (dataSize & 1), b.capacity(), "nothing after the data");
        }
    }

    @Test
    void aiffAndFlacRefuseFloatSamples() {
        assertThrows(IllegalArgumentException.class,
                () -> new AudioOutputWav(dir.resolve("x.aiff"), AudioFileType.AIFF, WavEncoding.FLOAT_32, false));
        assertThrows(IllegalArgumentException.class,
                () -> new AudioOutputWav(dir.resolve("x.flac"), AudioFileType.FLAC, WavEncoding.FLOAT_32, false));
    }

    /** Runs a command; skips (or fails under requireTools) when it is not installed. */
    private String run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            String msg = cmd[0] + " is not installed (Debian package " + cmd[0] + "): " + e.getMessage();
            if (Boolean.getBoolean("midirack.requireTools")) {
                throw new AssertionError(msg + " but -Dmidirack.requireTools=true", e);
            }
            Assumptions.abort(msg);
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd[0] + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void flacDecodesWithTheReferenceToolToTheExactSamples() throws Exception {
        for (WavEncoding enc : new WavEncoding[] {WavEncoding.PCM_16, WavEncoding.PCM_24}) {
            Path flac = render("f" + enc.bits() + ".flac", AudioFileType.FLAC, enc);
            Path decoded = dir.resolve("f" + enc.bits() + ".decoded.wav");
            run("flac", "--test", flac.toString()); // checks every frame's CRC and the MD5 in STREAMINFO
            String info = run("metaflac", "--show-total-samples", "--show-sample-rate", "--show-channels", "--show-bps",
                    "--show-md5sum", flac.toString());
            List<String> lines = info.lines().toList();
            assertEquals(List.of(String.valueOf(FRAMES), String.valueOf(RATE), "2", String.valueOf(enc.bits())),
                    lines.subList(0, 4), "STREAMINFO");
            assertTrue(!lines.get(4).equals("00000000000000000000000000000000"), "the MD5 is set: " + lines.get(4));
            run("flac", "--decode", "--silent", "--force", "-o", decoded.toString(), flac.toString());
            assertArrayEquals(expected(enc.bits()), decode(decoded), enc + " samples after decoding");
        }
    }

    @Test
    void flacIntoAStreamDecodesToo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AudioOutputWav out = new AudioOutputWav("memory", Channels.newChannel(bytes), AudioFileType.FLAC,
                WavEncoding.PCM_16, FRAMES);
        out.open(new AudioOutputConfig(RATE, 256, 2));
        out.render(new Signal(), FRAMES);
        out.finish();
        Path flac = dir.resolve("s.flac");
        Files.write(flac, bytes.toByteArray());
        Path decoded = dir.resolve("s.decoded.wav");
        run("flac", "--decode", "--silent", "--force", "-o", decoded.toString(), flac.toString());
        assertArrayEquals(expected(16), decode(decoded));
    }
}
