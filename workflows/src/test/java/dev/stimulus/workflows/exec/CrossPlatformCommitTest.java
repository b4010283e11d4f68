package dev.stimulus.workflows.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Stores;
import dev.stimulus.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same train action computed by two processes that see different CPU capabilities, one after
 * the other, over one real store (each process runs its own S3 server over the same files, as two
 * worker hosts share a bucket).
 */
class CrossPlatformCommitTest {

  @TempDir Path dir;

  @Test
  void portableTrainingsOnDifferentCapabilitiesLeaveOneRecordAndNoNondeterminism() throws Exception {
    Path state = dir.resolve("portable");
    String first = ChildJvm.run(TrainInChildProcess.class,
        Map.of("STIMULUS_REPRODUCIBILITY", "portable", "ATEN_CPU_CAPABILITY", "avx2"), state.toString());
    String second = ChildJvm.run(TrainInChildProcess.class,
        Map.of("STIMULUS_REPRODUCIBILITY", "portable", "ATEN_CPU_CAPABILITY", "default", "ONEDNN_MAX_CPU_ISA", "SSE41"),
        state.toString());
    assertEquals("WRITTEN", ChildJvm.value(first, "outcome"), first);
    assertEquals("ALREADY_PRESENT", ChildJvm.value(second, "outcome"), "the second process got other bytes:\n" + second);
    Digest key = Digest.parse(ChildJvm.value(first, "key"));
    assertEquals(key, Digest.parse(ChildJvm.value(second, "key")));
    try (ArtifactStore store = Stores.embedded(state)) {
      ActionRecord record = store.lookup(key).orElseThrow();
      assertEquals("portable", record.execution().path("platform").path("reproducibility").asText());
      assertTrue(store.nondeterminism(key).isEmpty(), "no nondeterminism may be recorded");
    }
    assertEquals(1, actionRecords(state), "exactly one action record");
  }

  @Test
  void fastTrainingsOnDifferentCapabilitiesAreNotCalledNondeterministic() throws Exception {
    assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2"), "needs a CPU with AVX2");
    Path state = dir.resolve("fast");
    String first = ChildJvm.run(TrainInChildProcess.class,
        Map.of("STIMULUS_REPRODUCIBILITY", "fast", "ATEN_CPU_CAPABILITY", "avx2"), state.toString());
    String second = ChildJvm.run(TrainInChildProcess.class,
        Map.of("STIMULUS_REPRODUCIBILITY", "fast", "ATEN_CPU_CAPABILITY", "default"), state.toString());
    assertEquals("WRITTEN", ChildJvm.value(first, "outcome"), first);
    // Different kernels give different bytes here: the store keeps the first and says why they differ.
    assertEquals("PLATFORM_DEPENDENT", ChildJvm.value(second, "outcome"), second);
    assertTrue(ChildJvm.value(second, "note").contains("fast mode, on different platforms"), second);
    Digest key = Digest.parse(ChildJvm.value(first, "key"));
    try (ArtifactStore store = Stores.embedded(state)) {
      assertEquals("avx2", store.lookup(key).orElseThrow().execution().path("platform").path("kernels")
          .path("aten").asText());
      assertTrue(store.nondeterminism(key).isEmpty(), "a platform difference is not a nondeterminism");
    }
    assertEquals(1, actionRecords(state));
  }

  /** Action records in the store's files (the embedded server keeps one file per object). */
  private static long actionRecords(Path state) throws Exception {
    try (var files = Files.walk(state)) {
      return files.filter(p -> p.toString().contains("/ac/") && p.getFileName().toString().endsWith(".json")
          && !p.getFileName().toString().contains("nondeterministic")).count();
    }
  }
}
