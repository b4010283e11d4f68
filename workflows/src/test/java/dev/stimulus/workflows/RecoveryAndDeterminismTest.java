package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressEvent;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.TrialResult;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stages over the real embedded S3 server: a blob corrupted on disk is detected when read,
 * quarantined and recomputed; and two fresh stores get byte-identical models.
 */
class RecoveryAndDeterminismTest {

  @TempDir Path dir;

  private Plan plan(String experiment) throws Exception {
    SmallExperiments.copyCsv(dir, "titanic_small.csv");
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, experiment);
    return Plan.of(Experiment.load(file, Catalogue.load()));
  }

  @Test
  void aBlobCorruptedOnDiskIsQuarantinedAndRecomputed() throws Exception {
    Plan first = plan(EndToEndTest.EXPERIMENT);
    ExecutorOptions options = ExecutorOptions.defaults().withThreads(2);
    Path state = dir.resolve(".stimulus");
    try (ArtifactStore store = Stores.embedded(state)) {
      RunReport run = new LocalExecutor(store, options).run(first, ProgressListener.NONE);
      assertTrue(run.succeeded(), run.summary());
      int encodeIndex = first.trials().get(0).encodeNode();
      Digest tensors = run.nodes().get(encodeIndex).outputs().get(Ports.TENSORS).digest();
      byte[] good = store.get(tensors);

      // Flip bytes of the tensors blob in the S3 server's filesystem, behind the store's back.
      Path onDisk;
      try (Stream<Path> files = Files.walk(state)) {
        onDisk = files.filter(p -> p.getFileName().toString().equals(tensors.hex())).findFirst().orElseThrow();
      }
      byte[] bad = good.clone();
      bad[bad.length - 1] ^= 0x55;
      Files.write(onDisk, bad);

      // A new model variant reads the corrupted tensors: detected, quarantined, encode recomputed.
      Plan second = plan(EndToEndTest.EXPERIMENT.replace("hidden: [8]", "hidden: [6]"));
      List<ProgressEvent> events = new ArrayList<>();
      RunReport rerun = new LocalExecutor(store, options).run(second, events::add);
      assertTrue(rerun.succeeded(), rerun.summary());
      assertTrue(events.stream().anyMatch(e -> e.kind() == NodeKind.ENCODE && e.status() == Status.STARTED
          && e.message().contains("corrupt")), "encode was recomputed after the corruption was found");
      assertArrayEquals(good, store.get(tensors), "the recomputed blob has the original bytes");
      try (Stream<Path> files = Files.walk(state)) {
        assertTrue(files.anyMatch(p -> p.toString().contains("quarantine") && p.getFileName().toString()
            .startsWith(tensors.hex())), "the corrupt object was moved to quarantine/");
      }
    }
  }

  @Test
  void twoFreshStoresGetIdenticalModels() throws Exception {
    Plan plan = plan(EndToEndTest.EXPERIMENT);
    List<List<Digest>> models = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      try (ArtifactStore store = Stores.embedded(dir.resolve(name))) {
        RunReport run = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(2)).run(plan, ProgressListener.NONE);
        assertTrue(run.succeeded(), run.summary());
        models.add(run.results().trials().stream().map(TrialResult::model).toList());
      }
    }
    assertEquals(models.get(0), models.get(1));
    assertEquals(2, models.get(0).size());
    assertNotEquals(models.get(0).get(0), models.get(0).get(1), "different data variants give different models");
  }
}
