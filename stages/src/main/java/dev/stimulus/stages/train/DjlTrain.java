package dev.stimulus.stages.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.AbstractStage;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The train stage {@code djl}: fits a network from the {@link Architecture} SPI on the train fold
 * with DJL's PyTorch engine, reporting the validation loss per epoch when there is a validation fold.
 */
public final class DjlTrain extends AbstractStage {

  private static final ParamSpec PARAMS = ParamSpec.of(
      Param.string("architecture", "mlp", "network shape, by name (built in: mlp, cnn1d)"),
      Param.integers("hidden", List.of(64L), 1, 65536, "widths of the hidden layers; [] gives a linear model"),
      Param.number("dropout", 0, 0, 0.9, "dropout rate after each hidden layer"),
      Param.choice("activation", "relu", List.of("relu", "tanh", "gelu"), "hidden-layer activation"),
      Param.choice("optimizer", "adam", List.of("adam", "sgd"), "optimizer"),
      Param.number("lr", 0.001, 0, 10, "learning rate, above 0"),
      Param.integer("batch_size", 32, 1, 65536, "rows per gradient step"),
      Param.integer("epochs", 20, 1, 10000, "passes over the train fold"),
      Param.choice("task", "auto", List.of("auto", "binary", "multiclass", "regression"),
          "loss and output shape; auto reads the 'task' the encoder wrote into the tensors"),
      Param.integers("filters", List.of(32L), 1, 4096,
          "cnn1d only (ignored by mlp): output channels of each convolution layer, one entry per layer"),
      Param.integers("kernel_sizes", List.of(8L), 1, 1024,
          "cnn1d only (ignored by mlp): kernel width of each convolution layer, as many entries as filters"),
      Param.integer("seed", 0, 0, Long.MAX_VALUE, "identity only: the randomness comes from the stage seed"),
      // Pruning thresholds are parameters, so a pruned training is keyed by what it was compared with.
      Param.numbers("prune_above", List.of(), 0, Double.MAX_VALUE,
          "pruning: stop after epoch e (past prune_warmup) when the best validation loss so far is above entry e;"
              + " a search's median pruner fills it with the earlier trials' medians").omitAtDefault(),
      Param.integer("prune_warmup", 0, 0, 10000, "pruning: the first epochs, never pruned").omitAtDefault());

  public DjlTrain() {
    super("djl", StageKind.TRAIN, 2,
        "trains a neural network (mlp or a plug-in architecture) with DJL on the PyTorch engine");
  }

  @Override
  public ParamSpec params() {
    return PARAMS;
  }

  @Override
  public StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    double lr = params.get("lr").doubleValue();
    if (!(lr > 0)) {
      throw new StageException("train djl: parameter 'lr' must be > 0, found " + params.get("lr"));
    }
    Architecture architecture = Architectures.find(params.get("architecture").textValue());
    EncodedFolds data = EncodedFolds.read(input.bytes(Ports.TENSORS));
    EncodedFolds.Fold train = data.fold("train");
    if (train == null || train.rows() == 0) {
      throw new StageException("train djl: the tensors have no train rows (train.x is "
          + (train == null ? "missing" : "empty") + ")");
    }
    if (data.dim() == 0) {
      throw new StageException("train djl: train.x has 0 columns: no input column was encoded");
    }
    Task task = task(params.get("task").textValue(), data);
    int numClasses = task == Task.MULTICLASS ? numClasses(data) : 0;
    data.checkLabels(task, numClasses);
    List<Integer> hidden = new ArrayList<>();
    params.get("hidden").forEach(h -> hidden.add(h.intValue()));
    ModelSpec spec = ModelSpec.of(architecture.name(), data.dim(), hidden, params.get("dropout").doubleValue(),
        params.get("activation").textValue(), task, numClasses).withOptions(architecture.options(params, data));
    Fitter.Settings settings = new Fitter.Settings(params.get("optimizer").textValue(), lr,
        params.get("batch_size").intValue(), params.get("epochs").intValue(), pruning(params, data));

    Fitter.Result result = Fitter.fit(spec, architecture, train, data.fold("validation"), settings,
        context.seed(), context.progress());

    return new StageOutput()
        .put(Ports.MODEL, result.parameters(), "application/x-djl-parameters")
        .put(Ports.SPEC, spec.toJson(), "application/json")
        .put(Ports.CURVE, curve(result.curve()), "text/csv")
        .note("device", result.device().toString())
        .execution("platform", DjlRuntime.platform().toJson());
  }

  /** The pruning thresholds, none unless prune_above is given; they compare validation losses. */
  private static Fitter.Pruning pruning(ObjectNode params, EncodedFolds data) {
    var above = params.path("prune_above");
    if (above.isMissingNode() || above.isEmpty()) {
      return Fitter.Pruning.NONE;
    }
    EncodedFolds.Fold validation = data.fold("validation");
    if (validation == null || validation.rows() == 0) {
      throw new StageException("train djl: prune_above compares validation losses, but the tensors have no"
          + " validation rows (give the split a validation share)");
    }
    double[] thresholds = new double[above.size()];
    for (int i = 0; i < thresholds.length; i++) {
      thresholds[i] = above.get(i).doubleValue();
    }
    return new Fitter.Pruning(thresholds, params.path("prune_warmup").asInt(0));
  }

  private static Task task(String param, EncodedFolds data) {
    if (!param.equals("auto")) {
      return Task.fromId(param, "train djl: parameter 'task'");
    }
    String meta = data.metadata("task");
    if (meta == null) {
      throw new StageException("train djl: task is 'auto' but the tensors' metadata has no 'task'; "
          + "set the task parameter to binary, multiclass or regression");
    }
    return Task.fromId(meta, "train djl: safetensors metadata 'task'");
  }

  /** The encoder's class count when it wrote one, else one more than the largest label seen. */
  private static int numClasses(EncodedFolds data) {
    String meta = data.metadata("num_classes");
    if (meta != null) {
      try {
        int k = Integer.parseInt(meta.trim());
        if (k >= 2) {
          return k;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new StageException("train djl: safetensors metadata 'num_classes' must be a whole number >= 2, found '" + meta + "'");
    }
    float max = 0;
    for (EncodedFolds.Fold f : data.folds()) {
      for (float v : f.y()) {
        max = Math.max(max, v);
      }
    }
    if (max != Math.rint(max) || max < 1 || max > 1_000_000) {
      throw new StageException("train djl: cannot infer the class count for multiclass from the labels (largest is "
          + max + "); the encoder should write 'num_classes' into the metadata");
    }
    return (int) max + 1;
  }

  static byte[] curve(List<Fitter.Epoch> curve) {
    StringBuilder out = new StringBuilder("epoch,train_loss,validation_loss\n");
    for (Fitter.Epoch e : curve) {
      out.append(e.epoch()).append(',').append(e.trainLoss()).append(',');
      if (!Double.isNaN(e.validationLoss())) {
        out.append(e.validationLoss());
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
