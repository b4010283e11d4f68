package dev.stimulus.stages.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.stimulus.stages.StageException;

/**
 * The built-in multilayer perceptron: per hidden width a dense layer, the activation and (when the
 * rate is above 0) dropout, then a dense output layer. No hidden widths gives a linear model.
 */
public final class Mlp implements Architecture {

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public Block build(ModelSpec spec) {
    SequentialBlock net = new SequentialBlock();
    addDenseLayers(net, spec);
    return net;
  }

  /**
   * Per hidden width a dense layer, the activation and dropout (when above 0), then the dense output
   * layer: the whole of an mlp, and the head of other architectures.
   */
  static void addDenseLayers(SequentialBlock net, ModelSpec spec) {
    for (int width : spec.hidden()) {
      net.add(Linear.builder().setUnits(width).build());
      net.add(activation(spec.activation()));
      if (spec.dropout() > 0) {
        net.add(Dropout.builder().optRate((float) spec.dropout()).build());
      }
    }
    net.add(Linear.builder().setUnits(spec.outputDim()).build());
  }

  static Block activation(String name) {
    return switch (name) {
      case "relu" -> Activation.reluBlock();
      case "tanh" -> Activation.tanhBlock();
      case "gelu" -> Activation.geluBlock();
      default -> throw new StageException("activation must be one of relu, tanh, gelu, found '" + name + "'");
    };
  }
}
