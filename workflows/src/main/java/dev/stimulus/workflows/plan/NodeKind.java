package dev.stimulus.workflows.plan;

import dev.stimulus.stages.StageKind;
import java.util.Locale;

/** The kinds of node in a plan: ingestion of the raw data, then the five stage kinds. */
public enum NodeKind {
  INGEST(null),
  SPLIT(StageKind.SPLIT),
  TRANSFORM(StageKind.TRANSFORM),
  ENCODE(StageKind.ENCODE),
  TRAIN(StageKind.TRAIN),
  EVALUATE(StageKind.EVALUATE);

  private final StageKind stageKind;

  NodeKind(StageKind stageKind) {
    this.stageKind = stageKind;
  }

  /** The stage kind, or null for ingestion (done by the store, not by a stage). */
  public StageKind stageKind() {
    return stageKind;
  }

  /** The lower-case id used in keys, records and summaries. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static NodeKind of(StageKind kind) {
    return valueOf(kind.name());
  }
}
