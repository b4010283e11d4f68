package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.AbstractStage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * What every split shares: read the raw {@code data} CSV, give each row a fold, write the {@code table}
 * with row ids in the original row order.
 *
 * <p>Randomness uses {@link Random}, whose algorithms ({@code nextInt(bound)}, {@code nextGaussian})
 * are fixed by its specification, so a split is reproducible across JDK versions.
 */
abstract class SplitStage extends AbstractStage {

  static final String MEDIA_TYPE = "text/csv";
  static final String RATIOS = "ratios";
  static final String LEGACY_RATIOS = "split";

  /**
   * @param version bump it whenever a code change alters any output for the same input (it is part of
   *     the action key)
   */
  SplitStage(String name, int version, String description) {
    super(name, StageKind.SPLIT, version, description);
  }

  /**
   * Accepts {@code split} as another name for {@code ratios}, the name stimulus-py configurations
   * use, so that such a configuration resolves to the same params (and the same action key).
   */
  @Override
  public ObjectNode resolveParams(JsonNode given, String owner) {
    if (given != null && given.isObject() && given.has(LEGACY_RATIOS)
        && params().list().stream().anyMatch(p -> p.name().equals(RATIOS))) {
      if (given.has(RATIOS)) {
        throw new StageException(owner + ": parameters 'ratios' and 'split' are the same setting"
            + " ('split' is the stimulus-py name); give only one");
      }
      ObjectNode renamed = given.deepCopy();
      renamed.set(RATIOS, renamed.remove(LEGACY_RATIOS));
      given = renamed;
    }
    return params().resolve(given, owner);
  }

  @Override
  public final StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    Table data = Csv.read(input.bytes(StageKind.Ports.DATA), "data");
    if (data.size() == 0) {
      throw new StageException("split " + name() + ": the data has a header but no rows; nothing to split");
    }
    String[] folds = assign(data, params, new Random(context.seed()));
    Table table = Partitions.partition(data, folds);
    return new StageOutput().put(StageKind.Ports.TABLE, Csv.write(table), MEDIA_TYPE);
  }

  /** The fold of every data row, in row order. */
  abstract String[] assign(Table data, ObjectNode params, Random random);

  /** The position of the data column named by parameter {@code param}, or an error naming this split. */
  int column(Table data, ObjectNode params, String param) {
    try {
      return data.column(params.get(param).asText());
    } catch (StageException e) {
      throw new StageException(owner() + ": " + e.getMessage());
    }
  }

  String owner() {
    return "split " + name();
  }
}
