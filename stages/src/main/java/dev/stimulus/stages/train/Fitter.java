package dev.stimulus.stages.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one block with minibatch gradient descent. Batches are drawn from our own seeded shuffle
 * (not DJL's dataset samplers) so the order depends on the stage seed alone.
 */
final class Fitter {

  /** Rows per forward pass when only predicting (validation loss). */
  private static final int EVAL_CHUNK = 4096;

  record Settings(String optimizer, double lr, int batchSize, int epochs, Pruning pruning) {}

  /**
   * Stops a training after epoch e (1-based, e > warmup, e at most the thresholds' count) when its
   * best validation loss so far is above {@code above[e - 1]}, as Optuna's median pruner compares a
   * trial's best intermediate value with the median at that step. Nothing after the stop depends on
   * the planned epochs, so a training stopped after epoch e equals one of e epochs.
   */
  record Pruning(double[] above, int warmup) {
    static final Pruning NONE = new Pruning(new double[0], 0);

    boolean stops(int epoch, double bestValidationLoss) {
      return epoch > warmup && epoch <= above.length && bestValidationLoss > above[epoch - 1];
    }
  }

  /** One row of the learning curve; validationLoss is NaN when there is no validation fold. */
  record Epoch(int epoch, double trainLoss, double validationLoss) {}

  record Result(byte[] parameters, List<Epoch> curve, Device device) {}

  private Fitter() {}

  /** Trains while holding {@link DjlRuntime#ENGINE_RANDOMNESS}: one training at a time per JVM. */
  static Result fit(ModelSpec spec, Architecture architecture, EncodedFolds.Fold train,
      EncodedFolds.Fold validation, Settings settings, long seed, StageContext.Progress progress) {
    try {
      DjlRuntime.ENGINE_RANDOMNESS.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another training to finish", e);
    }
    try {
      return fitAlone(spec, architecture, train, validation, settings, seed, progress);
    } finally {
      DjlRuntime.ENGINE_RANDOMNESS.unlock();
    }
  }

  private static Result fitAlone(ModelSpec spec, Architecture architecture, EncodedFolds.Fold train,
      EncodedFolds.Fold validation, Settings settings, long seed, StageContext.Progress progress) {
    Engine engine = DjlRuntime.engine();
    Device device = DjlRuntime.device();
    // Weight initialisation and dropout draw from the engine's generator: seed it per training.
    engine.setRandomSeed(DjlRuntime.engineSeed(seed));
    SplittableRandom shuffle = new SplittableRandom(seed);
    Loss loss = loss(spec.task());
    Block block = architecture.build(spec);
    List<Epoch> curve = new ArrayList<>();
    try (Model model = Model.newInstance("stimulus", device, "PyTorch")) {
      model.setBlock(block);
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
          .optOptimizer(optimizer(settings))
          .optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, spec.inputDim()));
        int[] order = identity(train.rows());
        int batch = Math.min(settings.batchSize(), train.rows());
        double best = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
          shuffleInPlace(order, shuffle);
          double sum = 0;
          for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(from + batch, order.length);
            try (NDManager scope = trainer.getManager().newSubManager()) {
              NDList x = new NDList(rows(scope, train, order, from, to));
              NDList y = new NDList(labels(scope, spec.task(), train, order, from, to));
              try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray value = loss.evaluate(y, trainer.forward(x));
                collector.backward(value);
                sum += (double) value.getFloat() * (to - from);
              }
              trainer.step();
            }
          }
          double trainLoss = sum / train.rows();
          if (!Double.isFinite(trainLoss)) {
            throw new StageException("training diverged: the train loss of epoch " + epoch + " is " + trainLoss
                + " (try a smaller lr than " + settings.lr() + ")");
          }
          double validationLoss = validation == null ? Double.NaN : meanLoss(trainer, loss, spec.task(), validation);
          curve.add(new Epoch(epoch, trainLoss, validationLoss));
          progress.update(epoch, settings.epochs(), "epoch " + epoch + "/" + settings.epochs()
              + ": train loss " + trainLoss + (validation == null ? "" : ", validation loss " + validationLoss));
          best = Math.min(best, validationLoss);
          if (settings.pruning().stops(epoch, best)) {
            break;
          }
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        block.saveParameters(out);
      } catch (IOException e) {
        throw new IllegalStateException("cannot serialise the trained parameters", e);
      }
      return new Result(bytes.toByteArray(), curve, device);
    }
  }

  /** Loss over a whole fold without dropout, in chunks so memory stays bounded. */
  private static double meanLoss(Trainer trainer, Loss loss, Task task, EncodedFolds.Fold fold) {
    int[] order = identity(fold.rows());
    double sum = 0;
    for (int from = 0; from < fold.rows(); from += EVAL_CHUNK) {
      int to = Math.min(from + EVAL_CHUNK, fold.rows());
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDList x = new NDList(rows(scope, fold, order, from, to));
        NDList y = new NDList(labels(scope, task, fold, order, from, to));
        sum += (double) loss.evaluate(y, trainer.evaluate(x)).getFloat() * (to - from);
      }
    }
    return fold.rows() == 0 ? Double.NaN : sum / fold.rows();
  }

  private static Loss loss(Task task) {
    return switch (task) {
      case BINARY -> Loss.sigmoidBinaryCrossEntropyLoss();
      case MULTICLASS -> Loss.softmaxCrossEntropyLoss();
      // Weight 1 (DJL's default is 1/2) so the curve shows the plain mean squared error.
      case REGRESSION -> Loss.l2Loss("L2Loss", 1f);
    };
  }

  private static Optimizer optimizer(Settings s) {
    Tracker lr = Tracker.fixed((float) s.lr());
    return switch (s.optimizer()) {
      case "adam" -> Optimizer.adam().optLearningRateTracker(lr).build();
      case "sgd" -> Optimizer.sgd().setLearningRateTracker(lr).build();
      default -> throw new StageException("optimizer must be adam or sgd, found '" + s.optimizer() + "'");
    };
  }

  private static NDArray rows(NDManager m, EncodedFolds.Fold f, int[] order, int from, int to) {
    int d = f.dim();
    float[] out = new float[(to - from) * d];
    for (int i = from; i < to; i++) {
      System.arraycopy(f.x(), order[i] * d, out, (i - from) * d, d);
    }
    return m.create(out, new Shape(to - from, d));
  }

  /** Class indices [b] for softmax cross-entropy; a column [b, 1] matching the single output otherwise. */
  private static NDArray labels(NDManager m, Task task, EncodedFolds.Fold f, int[] order, int from, int to) {
    float[] out = new float[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = f.y()[order[i]];
    }
    return m.create(out, task == Task.MULTICLASS ? new Shape(to - from) : new Shape(to - from, 1));
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Fisher–Yates, continuing the same generator across epochs. */
  private static void shuffleInPlace(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
