package dev.stimulus.stages;

/**
 * A stage whose identity (name, kind, version, description) is fixed when it is constructed, so that
 * an implementation declares it in one constructor call and only writes its parameters and its
 * {@link #run}. Built-ins and plug-ins may extend it or implement {@link Stage} directly.
 */
public abstract class AbstractStage implements Stage {

  private final String name;
  private final StageKind kind;
  private final int version;
  private final String description;

  /**
   * @param version bump it whenever a code change alters any output for the same input (it is part of
   *     the action key)
   */
  protected AbstractStage(String name, StageKind kind, int version, String description) {
    this.name = name;
    this.kind = kind;
    this.version = version;
    this.description = description;
  }

  /**
   * The {@code seed} parameter every random stage declares. It is an identity field only (the executor
   * fills it with the experiment seed); the randomness comes from {@link StageContext#seed()}.
   */
  protected static Param seedParam() {
    return Param.integer("seed", 0, 0, Long.MAX_VALUE,
        "experiment seed (identity only: the executor fills it; randomness comes from the action key)");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final StageKind kind() {
    return kind;
  }

  @Override
  public final int version() {
    return version;
  }

  @Override
  public final String description() {
    return description;
  }
}
