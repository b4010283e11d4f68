package dev.stimulus.stages.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stimulus.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Simulates other CPUs on this one: each child JVM trains and evaluates the golden fixtures with
 * the kernel libraries capped or pointed at another instruction-set level through their own
 * switches (ATen's {@code ATEN_CPU_CAPABILITY}, oneDNN's {@code ONEDNN_MAX_CPU_ISA}, MKL's
 * {@code MKL_ENABLE_INSTRUCTIONS}), as a CPU with only that level would make them. In portable
 * mode every child must print the pinned digests; in fast mode the same switches must change the
 * bytes, which shows that the simulation reaches the kernels at all.
 */
class PortableDigestsTest {

  /** A child's output: the digests, and its platform block. */
  record Child(Map<String, String> digests, JsonNode platform) {}

  @Test
  void portableModeGivesThePinnedDigestsWhateverTheCpuCapability() throws Exception {
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    settings.put("machine's own level", Map.of());
    settings.put("ATEN_CPU_CAPABILITY=default", Map.of("ATEN_CPU_CAPABILITY", "default"));
    settings.put("ATEN_CPU_CAPABILITY=avx2", Map.of("ATEN_CPU_CAPABILITY", "avx2"));
    settings.put("capped at SSE4 (ATen default, oneDNN SSE41, MKL SSE4_2)", Map.of("ATEN_CPU_CAPABILITY", "default",
        "ONEDNN_MAX_CPU_ISA", "SSE41", "MKL_ENABLE_INSTRUCTIONS", "SSE4_2"));
    settings.put("MKL's own dispatch asked for (MKL_CBWR=AUTO)", Map.of("MKL_CBWR", "AUTO", "ONEDNN_MAX_CPU_ISA", "AVX2"));
    for (var e : settings.entrySet()) {
      Child child = run("portable", e.getValue());
      assertEquals(new TreeMap<>(DjlGoldens.PORTABLE), child.digests(), "portable mode with " + e.getKey());
      assertEquals("portable", child.platform().path("reproducibility").asText());
      assertEquals("default", child.platform().path("kernels").path("aten").asText(), e.getKey());
      assertEquals("off", child.platform().path("kernels").path("oneDnn").asText(), e.getKey());
      assertEquals("COMPATIBLE", child.platform().path("kernels").path("mkl").asText(), e.getKey());
    }
  }

  /**
   * The control: in fast mode each switch the portable test turns must change some digest, or
   * that part of the portable test would prove nothing. ATen's capability changes everything;
   * MKL's branch changes the MLP's GEMMs; oneDNN's instruction set changes the convolutions.
   */
  @Test
  void withoutThePinsEachSwitchChangesTheBytes() throws Exception {
    assumeTrue(cpuFlags().contains(" avx2"), "the control needs a CPU with AVX2");
    Child own = run("fast", Map.of("ATEN_CPU_CAPABILITY", "avx2"));
    assertEquals("avx2", own.platform().path("kernels").path("aten").asText());
    assertEquals("on", own.platform().path("kernels").path("oneDnn").asText());

    Child scalar = run("fast", Map.of("ATEN_CPU_CAPABILITY", "default"));
    assertEquals("default", scalar.platform().path("kernels").path("aten").asText());
    assertNotEquals(own.digests().get("mlp.model"), scalar.digests().get("mlp.model"), "ATen's capability");
    assertNotEquals(own.platform().path("id").asText(), scalar.platform().path("id").asText(),
        "fast-mode records on different kernels must carry different platform ids");

    Child compatibleGemm = run("fast", Map.of("ATEN_CPU_CAPABILITY", "avx2", "MKL_CBWR", "COMPATIBLE"));
    assertNotEquals(own.digests().get("mlp.model"), compatibleGemm.digests().get("mlp.model"), "MKL's branch");

    Child sseConvolutions = run("fast", Map.of("ATEN_CPU_CAPABILITY", "avx2", "ONEDNN_MAX_CPU_ISA", "SSE41"));
    assertNotEquals(own.digests().get("cnn1d.model"), sseConvolutions.digests().get("cnn1d.model"),
        "oneDNN's instruction set");
  }

  private static Child run(String mode, Map<String, String> env) throws Exception {
    Map<String, String> childEnv = new TreeMap<>(env);
    childEnv.put("STIMULUS_REPRODUCIBILITY", mode);
    String out = ChildJvm.run(DjlGoldens.class, childEnv);
    Map<String, String> digests = new TreeMap<>();
    for (String line : out.lines().toList()) {
      if (line.matches("[a-z0-9]+\\.[a-z]+=[0-9a-f]{64}")) {
        int eq = line.indexOf('=');
        digests.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String platform = ChildJvm.value(out, "platform");
    assertTrue(platform != null, "no platform line in:\n" + out);
    return new Child(digests, new ObjectMapper().readTree(platform));
  }

  /** The CPU's feature flags from /proc/cpuinfo, space-separated. */
  private static String cpuFlags() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst()
          .orElse("");
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
