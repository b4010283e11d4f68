package dev.stimulus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReproductionTest {

  private static JsonNode exec(String json) throws Exception {
    return CanonicalJson.MAPPER.readTree(json);
  }

  private static JsonNode on(String mode, String id) throws Exception {
    return exec("{\"platform\":{\"reproducibility\":\"" + mode + "\",\"id\":\"" + id + "\",\"cpu\":\"C" + id
        + "\",\"kernels\":{\"aten\":\"avx2\",\"mkl\":\"auto\",\"oneDnn\":\"on\"},\"engine\":\"PyTorch 2.7.1\","
        + "\"threads\":{\"intraOp\":1,\"interOp\":1}}}");
  }

  @Test
  void pureStagesAndPortableRunsAreExpectedToAgree() throws Exception {
    assertEquals(Optional.empty(), Reproduction.whyOutputsMayDiffer(exec("{\"worker\":\"a\"}"), exec("{}")));
    assertEquals(Optional.empty(), Reproduction.whyOutputsMayDiffer(null, null));
    assertEquals(Optional.empty(), Reproduction.whyOutputsMayDiffer(on("portable", "a"), on("portable", "b")));
    assertEquals(Optional.empty(), Reproduction.whyOutputsMayDiffer(on("fast", "a"), on("fast", "a")));
  }

  @Test
  void fastRunsOnOtherPlatformsAndMixedModesMayDifferAndSayWhy() throws Exception {
    String why = Reproduction.whyOutputsMayDiffer(on("fast", "a"), on("fast", "b")).orElseThrow();
    assertTrue(why.contains("different platforms") && why.contains("Ca [aten avx2") && why.contains("Cb"), why);
    String mixed = Reproduction.whyOutputsMayDiffer(on("portable", "a"), on("fast", "a")).orElseThrow();
    assertTrue(mixed.contains("different reproducibility modes (portable on Ca"), mixed);
    // A record from before platforms were recorded against a fast one: not comparable either.
    assertTrue(Reproduction.whyOutputsMayDiffer(exec("{}"), on("fast", "a")).isPresent());
    // A fast record without an id cannot be matched to a platform.
    assertTrue(Reproduction.whyOutputsMayDiffer(exec("{\"platform\":{\"reproducibility\":\"fast\"}}"),
        exec("{\"platform\":{\"reproducibility\":\"fast\"}}")).isPresent());
  }

  @Test
  void malformedPlatformBlocksAreTreatedAsUnrecorded() throws Exception {
    assertEquals(Optional.empty(), Reproduction.whyOutputsMayDiffer(exec("{\"platform\":\"portable\"}"), exec("{}")));
    assertTrue(Reproduction.whyOutputsMayDiffer(exec("{\"platform\":{}}"), on("portable", "a")).isPresent());
    assertEquals("an unrecorded platform", Reproduction.describe(null));
  }
}
