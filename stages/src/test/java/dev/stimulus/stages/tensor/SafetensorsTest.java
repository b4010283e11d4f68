package dev.stimulus.stages.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

  /** A file with this header text and data, built by hand rather than by the writer under test. */
  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  private static String failure(byte[] f) {
    return assertThrows(StageException.class, () -> Safetensors.read(f)).getMessage();
  }

  @Test
  void roundTrip() {
    Tensor x = Tensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = Tensor.i64(new long[] {7, -8}, 2);
    byte[] bytes = Safetensors.write(Map.of("x", x, "y", y), Map.of("task", "binary"));
    Safetensors.Contents c = Safetensors.read(bytes);
    assertEquals(x, c.tensor("x"));
    assertArrayEquals(new long[] {7, -8}, c.tensor("y").longs());
    assertEquals("binary", c.metadata().get("task"));
    assertEquals(0, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8, "header padded to 8 bytes");
  }

  @Test
  void readsAHandWrittenFile() {
    // two little-endian floats 1.0 (0x3f800000) and -2.0 (0xc0000000)
    byte[] data = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0};
    Safetensors.Contents c = Safetensors.read(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data));
    assertArrayEquals(new float[] {1f, -2f}, c.tensor("t").floats());
  }

  @Test
  void truncatedFiles() {
    assertTrue(failure(new byte[5]).contains("fewer than the 8-byte header length"));
    byte[] good = Safetensors.write(Map.of("x", Tensor.f32(new float[] {1, 2}, 2)), Map.of());
    assertTrue(failure(Arrays.copyOf(good, 12)).contains("does not fit a file of 12 bytes"));
    assertTrue(failure(Arrays.copyOf(good, good.length - 1)).contains("outside the file"));
  }

  @Test
  void hostileHeaders() {
    assertTrue(failure(file("not json at all", new byte[0])).contains("header is not JSON"));
    assertTrue(failure(file("[1,2]", new byte[0])).contains("not a JSON object"));
    byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array();
    assertTrue(failure(huge).contains("does not fit"));
    byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
    assertTrue(failure(negative).contains("does not fit"));
    // 2^32 * 2^32 elements wraps a long to 0, which would match 0 data bytes without the overflow check
    assertTrue(failure(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}",
        new byte[0])).contains("too many elements"));
    assertTrue(failure(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1,0],\"data_offsets\":[0,0]}}", new byte[0]))
        .contains("not a non-negative integer"));
    assertTrue(failure(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4000000000]}}", new byte[4]))
        .contains("outside the file"));
    assertTrue(failure(file("{\"t\":{\"dtype\":\"X9\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]))
        .contains("unsupported safetensors dtype X9"));
    assertTrue(failure(file("{\"t\":7}", new byte[0])).contains("must be a mapping"));
    assertTrue(failure(file("{\"__metadata__\":[1]}", new byte[0])).contains("__metadata__ must be a mapping"));
    assertTrue(failure(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]))
        .contains("needs 8 bytes, got 4"));
  }
}
