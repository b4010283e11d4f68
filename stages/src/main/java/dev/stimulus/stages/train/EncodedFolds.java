package dev.stimulus.stages.train;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The encode stage's {@code tensors} output, checked: per fold {@code <fold>.x} F32 [n, d] and
 * {@code <fold>.y} F32 [n], the same d in every fold, every value finite.
 */
public final class EncodedFolds {

  /** Fold names in pipeline order; a file may hold any subset. */
  public static final List<String> FOLD_ORDER = List.of("train", "validation", "test");

  /** One fold's rows: {@code x} row-major [rows, dim], {@code y} one label per row. */
  public record Fold(String name, int rows, int dim, float[] x, float[] y) {}

  private final Map<String, Fold> folds;
  private final SortedMap<String, String> metadata;
  private final int dim;

  private EncodedFolds(Map<String, Fold> folds, SortedMap<String, String> metadata, int dim) {
    this.folds = folds;
    this.metadata = metadata;
    this.dim = dim;
  }

  /**
   * @throws StageException naming the tensor, row and column of anything malformed
   */
  public static EncodedFolds read(byte[] safetensors) {
    Safetensors.Contents c = Safetensors.read(safetensors);
    for (String name : c.tensors().keySet()) {
      int dot = name.lastIndexOf('.');
      String fold = dot < 0 ? name : name.substring(0, dot);
      String part = dot < 0 ? "" : name.substring(dot + 1);
      if (!FOLD_ORDER.contains(fold) || !(part.equals("x") || part.equals("y"))) {
        throw new StageException("tensors: unexpected tensor '" + name
            + "' (expected <fold>.x and <fold>.y with fold one of " + FOLD_ORDER + ")");
      }
    }
    Map<String, Fold> folds = new LinkedHashMap<>();
    int dim = -1;
    for (String name : FOLD_ORDER) {
      boolean hasX = c.tensors().containsKey(name + ".x");
      boolean hasY = c.tensors().containsKey(name + ".y");
      if (!hasX && !hasY) {
        continue;
      }
      if (hasX != hasY) {
        throw new StageException("tensors: fold '" + name + "' has " + (hasX ? name + ".x but no " + name + ".y"
            : name + ".y but no " + name + ".x"));
      }
      Fold f = fold(name, c.tensor(name + ".x"), c.tensor(name + ".y"));
      if (dim >= 0 && f.dim() != dim) {
        throw new StageException("tensors: " + name + ".x has " + f.dim() + " columns but the folds before it have " + dim);
      }
      dim = f.dim();
      folds.put(name, f);
    }
    if (folds.isEmpty()) {
      throw new StageException("tensors: no folds found (expected train.x/train.y and optionally validation.*, test.*)");
    }
    return new EncodedFolds(folds, c.metadata(), dim);
  }

  private static Fold fold(String name, Tensor x, Tensor y) {
    if (!x.dtype().equals("F32") || x.shape().length != 2) {
      throw new StageException("tensors: " + name + ".x must be F32 [rows, columns], found " + x);
    }
    if (!y.dtype().equals("F32") || y.shape().length != 1) {
      throw new StageException("tensors: " + name + ".y must be F32 [rows], found " + y);
    }
    long rows = x.shape()[0];
    long dim = x.shape()[1];
    if (y.shape()[0] != rows) {
      throw new StageException("tensors: " + name + ".x has " + rows + " rows but " + name + ".y has " + y.shape()[0]);
    }
    if (rows * Math.max(dim, 1) > Integer.MAX_VALUE - 8) {
      throw new StageException("tensors: " + name + ".x " + Arrays.toString(x.shape()) + " is too large for one array");
    }
    float[] xs = x.floats();
    float[] ys = y.floats();
    for (int i = 0; i < xs.length; i++) {
      if (!Float.isFinite(xs[i])) {
        throw new StageException("tensors: " + name + ".x row " + i / dim + " column " + i % dim + " is " + xs[i]
            + " (every input must be a finite number)");
      }
    }
    for (int i = 0; i < ys.length; i++) {
      if (!Float.isFinite(ys[i])) {
        throw new StageException("tensors: " + name + ".y row " + i + " is " + ys[i] + " (every label must be a finite number)");
      }
    }
    return new Fold(name, (int) rows, (int) dim, xs, ys);
  }

  /** The folds present, in {@link #FOLD_ORDER}. */
  public List<Fold> folds() {
    return List.copyOf(folds.values());
  }

  /** The fold, or null when the file has none of that name. */
  public Fold fold(String name) {
    return folds.get(name);
  }

  /** Columns per row (the same in every fold). */
  public int dim() {
    return dim;
  }

  /**
   * Checks every fold's labels fit the task: 0 or 1 for binary, a class index below
   * {@code numClasses} for multiclass, anything finite for regression.
   *
   * @throws StageException naming the fold, row and value of the first label that does not fit
   */
  public void checkLabels(Task task, int numClasses) {
    if (task == Task.REGRESSION) {
      return;
    }
    int classes = task == Task.BINARY ? 2 : numClasses;
    for (Fold f : folds.values()) {
      for (int i = 0; i < f.rows(); i++) {
        float v = f.y()[i];
        if (v != Math.rint(v) || v < 0 || v >= classes) {
          throw new StageException("tensors: " + f.name() + ".y row " + i + " is " + v + ", but a " + task.id()
              + " label must be a class index 0.." + (classes - 1)
              + (task == Task.BINARY ? " (is the task really binary?)" : ""));
        }
      }
    }
  }

  /** A metadata entry, or null. */
  public String metadata(String key) {
    return metadata.get(key);
  }
}
