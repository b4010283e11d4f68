package dev.stimulus.stages.train;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A network shape, found by {@link #name()} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.stimulus.stages.train.Architecture}), so users add their own by
 * dropping a jar on the class path. It must build the same block for the same spec every time:
 * evaluation rebuilds it from the spec and loads the trained parameters into it.
 */
public interface Architecture {

  /** The name users write as the train stage's {@code architecture} param. */
  String name();

  /**
   * A fresh, uninitialised block mapping {@code [batch, spec.inputDim()]} floats to
   * {@code [batch, spec.outputDim()]} raw outputs (logits for classification).
   */
  Block build(ModelSpec spec);

  /**
   * Settings of this architecture beyond the shared ones, worked out at training time from the train
   * stage's resolved params and the tensors (e.g. the input shape from the encoder's metadata). They
   * are recorded as the spec's {@code options}, so {@link #build} gets them again at evaluation.
   * Default: none.
   *
   * @throws dev.stimulus.stages.StageException when the params or the data do not suit this architecture
   */
  default ObjectNode options(ObjectNode trainParams, EncodedFolds data) {
    return JsonNodeFactory.instance.objectNode();
  }
}
