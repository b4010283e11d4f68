package dev.stimulus.stages.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a model's bytes came from: the reproducibility mode, the CPU, the kernels the engine used
 * on it, the engine build and the thread counts. Recorded as {@code execution.platform} of every
 * train and evaluate record (never part of an identity). Two {@code fast} records are expected to
 * agree only when their {@link #id} is equal; two {@code portable} ones always.
 *
 * @param reproducibility {@code portable} or {@code fast}; always {@code fast} on a GPU, whose
 *     kernels are not pinned
 * @param device where training and evaluation run ({@code cpu()}, {@code gpu(0)})
 * @param cpu the processor's model name
 * @param aten ATen's CPU capability in use ({@code default}, {@code avx2}, {@code avx512})
 * @param mkl MKL's reproducibility branch ({@code COMPATIBLE}, or {@code auto}: its own dispatch)
 * @param oneDnn whether oneDNN kernels were allowed
 * @param engine engine and DJL versions
 * @param intraOpThreads libtorch's intra-op threads
 * @param interOpThreads libtorch's inter-op threads
 */
public record Platform(String reproducibility, String device, String cpu, String aten, String mkl, boolean oneDnn, String engine,
    int intraOpThreads, int interOpThreads) {

  /** The platform of this process's engine, loading the engine if it has not loaded yet. */
  public static Platform current() {
    return DjlRuntime.platform();
  }

  /** Identifies the platform without the mode: equal ids mean the same kernels on the same CPU model. */
  public String id() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("device", device).put("cpu", cpu).put("aten", aten).put("mkl", mkl).put("oneDnn", oneDnn).put("engine", engine)
        .put("intraOpThreads", intraOpThreads).put("interOpThreads", interOpThreads)
        .put("arch", System.getProperty("os.arch"));
    return Digest.of(CanonicalJson.write(n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).shortHex();
  }

  /** The {@code execution.platform} block. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("reproducibility", reproducibility);
    n.put("id", id());
    n.put("device", device);
    n.put("cpu", cpu);
    n.put("arch", System.getProperty("os.arch"));
    ObjectNode kernels = n.putObject("kernels");
    kernels.put("aten", aten).put("mkl", mkl).put("oneDnn", oneDnn ? "on" : "off");
    n.put("engine", engine);
    n.putObject("threads").put("intraOp", intraOpThreads).put("interOp", interOpThreads);
    return n;
  }

  /** The processor's model name from {@code /proc/cpuinfo}, else the JVM's architecture name. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            return line.substring(colon + 1).trim();
          }
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Not Linux, or not readable: the architecture is the best we can say.
    }
    return System.getProperty("os.arch");
  }
}
