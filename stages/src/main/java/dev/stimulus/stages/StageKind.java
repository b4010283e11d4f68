package dev.stimulus.stages;

import java.util.Locale;

/** The five kinds of stage, in pipeline order, with their input and output ports. */
public enum StageKind {
  SPLIT(new String[] {Ports.DATA}, new String[] {Ports.TABLE}),
  TRANSFORM(new String[] {Ports.TABLE}, new String[] {Ports.TABLE}),
  ENCODE(new String[] {Ports.TABLE}, new String[] {Ports.TENSORS, Ports.STATE, Ports.INDEX}),
  TRAIN(new String[] {Ports.TENSORS}, new String[] {Ports.MODEL, Ports.SPEC, Ports.CURVE}),
  EVALUATE(
      new String[] {Ports.MODEL, Ports.SPEC, Ports.TENSORS, Ports.INDEX},
      new String[] {Ports.METRICS, Ports.PREDICTIONS});

  private final String[] inputs;
  private final String[] outputs;

  StageKind(String[] inputs, String[] outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** The lower-case id used in keys, records and Conductor task names. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public java.util.List<String> inputs() {
    return java.util.List.of(inputs);
  }

  public java.util.List<String> outputs() {
    return java.util.List.of(outputs);
  }

  public static StageKind fromId(String id) {
    for (StageKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown stage kind '" + id + "'");
  }

  /**
   * Port names. Formats: {@code data} raw CSV; {@code table} CSV whose first two columns are
   * {@code row_id} and {@code fold} (train|validation|test); {@code tensors} safetensors with
   * {@code <fold>.x} (F32 [n, d]) and {@code <fold>.y} (F32 [n]) per fold; {@code state} the fitted
   * encoders (JSON); {@code index} CSV {@code fold,row_id} in tensor row order; {@code model} DJL
   * parameters; {@code spec} model spec (JSON); {@code curve} learning curve (CSV); {@code metrics}
   * JSON {@code {fold: {metric: value}}}; {@code predictions} CSV with row ids.
   */
  public static final class Ports {
    public static final String DATA = "data";
    public static final String TABLE = "table";
    public static final String TENSORS = "tensors";
    public static final String STATE = "state";
    public static final String INDEX = "index";
    public static final String MODEL = "model";
    public static final String SPEC = "spec";
    public static final String CURVE = "curve";
    public static final String METRICS = "metrics";
    public static final String PREDICTIONS = "predictions";

    private Ports() {}
  }
}
