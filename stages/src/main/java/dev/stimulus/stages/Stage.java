package dev.stimulus.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stage implementation: a pure function of its input bytes and parameters, plus a seed derived
 * from the action key. Built-ins and user plug-ins are found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.stimulus.stages.Stage}); names are unique within a kind.
 *
 * <p>Contract: the same inputs, params and seed give byte-identical outputs. Whenever a change to
 * the code changes any output for the same input, {@link #version()} must be bumped; golden-digest
 * tests enforce this for the built-ins.
 */
public interface Stage {

  /** The registered name users write in experiment files, e.g. {@code GaussianNoise}. */
  String name();

  StageKind kind();

  /** The implementation version; part of the action key. */
  int version();

  /** One line for catalogues and error messages. */
  String description();

  /** Declared parameters with defaults and ranges. */
  ParamSpec params();

  /**
   * Validates user parameters and returns them in the form that enters the action key: every
   * default folded in, so that two spellings of the same configuration hash alike. Stages whose
   * parameters nest other components (the encode stage's per-column encoders) override this to fold
   * in the nested defaults and versions too.
   *
   * @param owner who the params are for, used in messages, e.g. {@code transform GaussianNoise}
   * @throws StageException naming the parameter, what was expected and what was found
   */
  default ObjectNode resolveParams(JsonNode given, String owner) {
    return params().resolve(given, owner);
  }

  /**
   * Runs the stage.
   *
   * @param params already resolved by {@link #resolveParams}: defaults folded in, validated
   * @throws StageException for any problem caused by the data or parameters (a clear message)
   */
  StageOutput run(StageInput input, ObjectNode params, StageContext context);
}
