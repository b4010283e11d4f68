package dev.stimulus.stages.train;

import dev.stimulus.stages.StageException;
import java.util.Locale;

/** What a model predicts; decides the output width, the loss and the metrics. */
public enum Task {
  /** One logit, sigmoid binary cross-entropy; labels 0 or 1. */
  BINARY,
  /** One logit per class, softmax cross-entropy; labels are class indices. */
  MULTICLASS,
  /** One real output, squared error. */
  REGRESSION;

  /** The lower-case name used in params, specs and safetensors metadata. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param where names the source in the message, e.g. {@code safetensors metadata 'task'}
   * @throws StageException for any other text
   */
  public static Task fromId(String id, String where) {
    for (Task t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new StageException(where + " must be one of binary, multiclass, regression, found '" + id + "'");
  }
}
