package dev.stimulus.stages.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * prune_above / prune_warmup: a training stops after the first epoch (past the warmup) whose best
 * validation loss so far is above that epoch's threshold, and is then the training of that many epochs.
 */
class PruningTest {

  static final String BASE = "{\"hidden\":[8],\"epochs\":6,\"batch_size\":16,\"lr\":0.01";

  static double[] validationLosses(StageOutput out) {
    return DjlTrainTest.curve(out).stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
  }

  @Test
  void aTrainingAboveTheThresholdStopsAndEqualsTheShorterTraining() {
    byte[] tensors = Fixtures.problem("binary", 120, 4, 5);
    double[] full = validationLosses(Fixtures.train(tensors, BASE + "}", 3));
    assertEquals(6, full.length);
    // thresholds the first three epochs pass and the fourth fails: prune after epoch 4
    double best3 = Math.min(full[0], Math.min(full[1], full[2]));
    double best4 = Math.min(best3, full[3]);
    String above = "[" + (full[0] + 1) + "," + (Math.min(full[0], full[1]) + 1) + "," + (best3 + 1) + "," + (best4 / 2) + ",0,0]";
    StageOutput pruned = Fixtures.train(tensors, BASE + ",\"prune_above\":" + above + "}", 3);
    assertArrayEquals(java.util.Arrays.copyOf(full, 4), validationLosses(pruned));
    StageOutput four = Fixtures.train(tensors, BASE.replace("\"epochs\":6", "\"epochs\":4") + "}", 3);
    assertArrayEquals(four.bytes(Ports.MODEL), pruned.bytes(Ports.MODEL), "stopped after epoch 4 = trained 4 epochs");
  }

  @Test
  void theWarmupIsNeverPrunedAndThresholdsBeyondTheListNeverPrune() {
    byte[] tensors = Fixtures.problem("binary", 120, 4, 5);
    // every threshold 0 (below any loss): without warmup the first epoch stops it
    assertEquals(1, validationLosses(Fixtures.train(tensors, BASE + ",\"prune_above\":[0,0,0,0,0,0]}", 3)).length);
    assertEquals(3, validationLosses(Fixtures.train(tensors,
        BASE + ",\"prune_above\":[0,0,0,0,0,0],\"prune_warmup\":2}", 3)).length);
    // thresholds for two epochs only: past them nothing stops the training
    assertEquals(6, validationLosses(Fixtures.train(tensors, BASE + ",\"prune_above\":[1e9,1e9]}", 3)).length);
  }

  @Test
  void theDefaultsStayOutOfTheResolvedParamsSoEarlierKeysHold() {
    String resolved = CanonicalJson.write(Fixtures.params(BASE + "}"));
    assertFalse(resolved.contains("prune"), resolved);
    assertEquals(resolved, CanonicalJson.write(Fixtures.params(BASE + ",\"prune_above\":[],\"prune_warmup\":0}")));
    assertTrue(CanonicalJson.write(Fixtures.params(BASE + ",\"prune_above\":[0.5]}")).contains("\"prune_above\":[0.5]"));
  }

  @Test
  void pruningWithoutAValidationFoldIsRefused() {
    Map<String, float[][]> folds = new TreeMap<>();
    float[] x = Fixtures.inputs(40, 4, 1);
    folds.put("train", new float[][] {x, Fixtures.binaryLabels(x, 4)});
    byte[] tensors = Fixtures.tensors("binary", 4, folds);
    String m = assertThrows(StageException.class,
        () -> Fixtures.train(tensors, BASE + ",\"prune_above\":[0.5]}", 3)).getMessage();
    assertTrue(m.contains("prune_above compares validation losses, but the tensors have no validation rows"), m);
    StageException bad = assertThrows(StageException.class, () -> Fixtures.params(BASE + ",\"prune_above\":[-1]}"));
    assertTrue(bad.getMessage().contains("parameter 'prune_above' element 1 must be >= 0"), bad.getMessage());
  }
}
