package dev.stimulus.workflows.analysis;

import java.util.Arrays;

/**
 * A regression tree over encoded trial rows. An inner node sends a row left when its numeric value is
 * {@code <= threshold}, or when its categorical level is in the node's left set; a leaf holds the
 * predicted objective. Nodes live in parallel arrays (no per-node objects: a forest on 10,000 trials
 * has a few hundred thousand nodes).
 */
final class Tree {

  static final int LEAF = -1;

  private int size;
  private int[] feature = new int[16];
  private double[] threshold = new double[16];
  private boolean[][] leftLevels = new boolean[16][];
  private int[] left = new int[16];
  private int[] right = new int[16];
  private double[] value = new double[16];
  private int root;

  /** Adds a leaf and returns its node id. */
  int leaf(double prediction) {
    int n = allocate();
    feature[n] = LEAF;
    value[n] = prediction;
    return n;
  }

  /** Adds a numeric split (left when {@code x[feature] <= threshold}) and returns its node id. */
  int numericSplit(int f, double t, int leftChild, int rightChild) {
    int n = allocate();
    set(n, f, t, null, leftChild, rightChild);
    return n;
  }

  /** Adds a categorical split (left when the level is in {@code levels}) and returns its node id. */
  int categoricalSplit(int f, boolean[] levels, int leftChild, int rightChild) {
    int n = allocate();
    set(n, f, Double.NaN, levels.clone(), leftChild, rightChild);
    return n;
  }

  /** Reserves a node to be filled by {@link #set} or turned into a leaf by {@link #setLeaf}. */
  int allocate() {
    if (size == feature.length) {
      int cap = size * 2;
      feature = Arrays.copyOf(feature, cap);
      threshold = Arrays.copyOf(threshold, cap);
      leftLevels = Arrays.copyOf(leftLevels, cap);
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
      value = Arrays.copyOf(value, cap);
    }
    return size++;
  }

  void set(int n, int f, double t, boolean[] levels, int leftChild, int rightChild) {
    feature[n] = f;
    threshold[n] = t;
    leftLevels[n] = levels;
    left[n] = leftChild;
    right[n] = rightChild;
  }

  void setLeaf(int n, double prediction) {
    feature[n] = LEAF;
    value[n] = prediction;
  }

  Tree root(int n) {
    root = n;
    return this;
  }

  int root() {
    return root;
  }

  int size() {
    return size;
  }

  boolean isLeaf(int n) {
    return feature[n] == LEAF;
  }

  int feature(int n) {
    return feature[n];
  }

  double threshold(int n) {
    return threshold[n];
  }

  /** The left set of a categorical split; null for a numeric split. */
  boolean[] leftLevels(int n) {
    return leftLevels[n];
  }

  int left(int n) {
    return left[n];
  }

  int right(int n) {
    return right[n];
  }

  double value(int n) {
    return value[n];
  }

  double predict(double[] x) {
    int n = root;
    while (feature[n] != LEAF) {
      double v = x[feature[n]];
      boolean[] levels = leftLevels[n];
      boolean goLeft = levels == null ? v <= threshold[n] : levels[(int) v];
      n = goLeft ? left[n] : right[n];
    }
    return value[n];
  }
}
