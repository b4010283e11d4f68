package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.PlanNode;
import dev.stimulus.workflows.plan.Trial;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanTest {

  @TempDir Path dir;

  Plan plan(String yaml) throws Exception {
    return Plan.of(Experiment.load(Experiments.write(dir, yaml), new Fakes().catalogue()));
  }

  @Test
  void theExampleHasTwelveTrialsAndTheseDistinctInvocations() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    assertEquals(12, p.trials().size()); // 2 split seeds x (none, std 0.1, std 0.3) x 2 models
    Map<NodeKind, Integer> n = p.invocations();
    assertEquals(1, n.get(NodeKind.INGEST));
    assertEquals(2, n.get(NodeKind.SPLIT));
    assertEquals(6, n.get(NodeKind.TRANSFORM)); // 2 splits x 3 variants, Identity included
    assertEquals(6, n.get(NodeKind.ENCODE));
    assertEquals(12, n.get(NodeKind.TRAIN));
    assertEquals(12, n.get(NodeKind.EVALUATE));
    assertEquals(39, p.nodes().size());
    assertEquals("12 trials; invocations: ingest 1, split 2, transform 6, encode 6, train 12, evaluate 12", p.summary());
  }

  @Test
  void trialsSharingAPrefixShareItsNodes() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    // Trials 0 and 1 differ only in the model: same split, transform and encode nodes.
    Trial a = p.trials().get(0);
    Trial b = p.trials().get(1);
    assertEquals(a.split(), b.split());
    assertEquals(a.transform(), b.transform());
    assertNotEquals(a.model(), b.model());
    assertEquals(a.path().subList(0, 4), b.path().subList(0, 4));
    assertNotEquals(a.trainNode(), b.trainNode());
    // Every trial has its own evaluate node and shares the single ingest node.
    assertEquals(12, p.trials().stream().map(Trial::evaluateNode).distinct().count());
    assertEquals(1, p.trials().stream().map(Trial::ingestNode).distinct().count());
    // Upstream nodes always come first.
    for (PlanNode node : p.nodes()) {
      node.inputs().values().forEach(r -> assertEquals(true, r.node() < node.index()));
    }
  }

  @Test
  void chainedStepsShareTheirCommonFirstSteps() throws Exception {
    // One split; a block of two noise steps with 2 x 2 alternatives: the 4 chains share 2 first steps.
    Plan p = plan(Experiments.EXAMPLE.replace("seed: [1, 2]", "seed: 1")
        .replace("  - {label: none}\n", "")
        .replace("std: [0.1, 0.3]}", "std: [0.1, 0.3]}\n      - {name: GaussianNoise, columns: [age], std: [1, 2]}"));
    assertEquals(4 * 2, p.trials().size());
    assertEquals(2 + 4, p.invocations().get(NodeKind.TRANSFORM));
    assertEquals(4, p.invocations().get(NodeKind.ENCODE));
    Set<Integer> firstSteps = new HashSet<>();
    p.trials().forEach(t -> firstSteps.add(t.transformNodes().get(0)));
    assertEquals(2, firstSteps.size());
    assertEquals(2, p.trials().get(0).transformNodes().size());
  }

  @Test
  void evaluateTakesModelAndSpecFromTrainAndTensorsAndIndexFromEncode() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    Trial t = p.trials().get(5);
    PlanNode eval = p.node(t.evaluateNode());
    assertEquals(t.trainNode(), eval.inputs().get("model").node());
    assertEquals(t.trainNode(), eval.inputs().get("spec").node());
    assertEquals(t.encodeNode(), eval.inputs().get("tensors").node());
    assertEquals(t.encodeNode(), eval.inputs().get("index").node());
    assertEquals(List.of(t.evaluateNode()), p.children(t.trainNode()));
  }

  @Test
  void trialParamsAreFlattenedAndIdsAreUnique() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    Trial t = p.trials().get(5); // seed 1, noise std 0.3, hidden [64, 32]
    assertEquals("RandomSplit[seed=1] / noise[std=0.3] / mlp[hidden=[64,32]]", t.label());
    assertEquals("RandomSplit[seed=1]", t.params().get("split").asText());
    assertEquals(1, t.params().get("split.seed").asInt());
    assertEquals("noise[std=0.3]", t.params().get("transform").asText());
    assertEquals(0.3, t.params().get("transform.GaussianNoise.std").asDouble());
    assertEquals("[64,32]", t.params().get("model.hidden").toString());
    assertEquals(0.5, t.params().get("evaluate.threshold").asDouble());
    assertEquals(12, p.trials().stream().map(Trial::id).distinct().count());
    assertEquals(12, p.trials().stream().map(Trial::label).distinct().count());
  }
}
