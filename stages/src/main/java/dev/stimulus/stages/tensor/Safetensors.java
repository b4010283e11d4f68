package dev.stimulus.stages.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.StageException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (8-byte little-endian header length, a JSON header, then
 * the tensor bytes), so encoded data opens in Python with {@code safetensors.numpy.load_file}.
 *
 * <p>Hand-written because no Java library on Maven Central writes it; the format is small. Output is
 * deterministic: tensors in name order, header keys sorted, header padded with spaces to 8 bytes.
 */
public final class Safetensors {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A header larger than this is refused as hostile rather than allocated. */
  private static final long MAX_HEADER = 100L << 20;

  /** A whole file: named tensors plus string metadata. */
  public record Contents(SortedMap<String, Tensor> tensors, SortedMap<String, String> metadata) {
    public Tensor tensor(String name) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new StageException("safetensors file has no tensor '" + name + "' (has " + tensors.keySet() + ")");
      }
      return t;
    }
  }

  private Safetensors() {}

  public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
    SortedMap<String, Tensor> sorted = new TreeMap<>(tensors);
    ObjectNode header = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    for (var e : sorted.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        throw new IllegalArgumentException("'__metadata__' is reserved");
      }
      Tensor t = e.getValue();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", t.dtype());
      var shape = entry.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      var off = entry.putArray("data_offsets");
      off.add(offset);
      offset += t.data().length;
      off.add(offset);
    }
    byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - headerBytes.length % 8) % 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + headerBytes.length + pad + offset));
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    len.putLong(headerBytes.length + pad);
    out.writeBytes(len.array());
    out.writeBytes(headerBytes);
    for (int i = 0; i < pad; i++) {
      out.write(' ');
    }
    sorted.values().forEach(t -> out.writeBytes(t.data()));
    return out.toByteArray();
  }

  /**
   * Parses a safetensors file.
   *
   * @throws StageException if it is truncated, its header is not JSON, or offsets are out of range
   */
  public static Contents read(byte[] file) {
    if (file.length < 8) {
      throw new StageException("not a safetensors file: " + file.length + " bytes, fewer than the 8-byte header length");
    }
    long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER || 8 + n > file.length) {
      throw new StageException("not a safetensors file: header length " + n + " does not fit a file of " + file.length + " bytes");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new StageException("not a safetensors file: header is not JSON (" + e.getMessage() + ")");
    }
    if (header == null || !header.isObject()) {
      throw new StageException("not a safetensors file: header is not a JSON object");
    }
    int base = (int) (8 + n);
    SortedMap<String, Tensor> tensors = new TreeMap<>();
    SortedMap<String, String> meta = new TreeMap<>();
    for (var it = header.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals("__metadata__")) {
        if (!e.getValue().isObject()) {
          throw new StageException("safetensors __metadata__ must be a mapping of strings, found "
              + abbreviate(e.getValue().toString()));
        }
        e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      JsonNode entry = e.getValue();
      if (!entry.isObject() || !entry.path("shape").isArray() || !entry.path("dtype").isTextual()) {
        throw new StageException("safetensors tensor '" + e.getKey() + "' must be a mapping with dtype, shape and"
            + " data_offsets, found " + abbreviate(entry.toString()));
      }
      List<Long> shape = new ArrayList<>();
      for (JsonNode d : entry.path("shape")) {
        if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
          throw new StageException("safetensors tensor '" + e.getKey() + "' has a shape entry that is not a"
              + " non-negative integer: " + abbreviate(entry.path("shape").toString()));
        }
        shape.add(d.asLong());
      }
      JsonNode offsets = entry.path("data_offsets");
      long begin = offsets.size() == 2 && offsets.path(0).isIntegralNumber() ? offsets.path(0).asLong(-1) : -1;
      long end = offsets.size() == 2 && offsets.path(1).isIntegralNumber() ? offsets.path(1).asLong(-1) : -1;
      if (begin < 0 || end < begin || end > file.length - base) {
        throw new StageException("safetensors tensor '" + e.getKey() + "' has data offsets [" + begin + ", " + end + "] outside the file");
      }
      try {
        tensors.put(e.getKey(), new Tensor(entry.path("dtype").asText(),
            shape.stream().mapToLong(Long::longValue).toArray(),
            Arrays.copyOfRange(file, base + (int) begin, base + (int) end)));
      } catch (IllegalArgumentException bad) {
        throw new StageException("safetensors tensor '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    return new Contents(tensors, meta);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
