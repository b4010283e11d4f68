package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * The fold of a row follows from its id alone: the first 8 bytes of SHA-256 of the id's UTF-8 bytes,
 * as an unsigned number modulo 1,000,000, placed against the cumulative ratios. So a row keeps its
 * fold when rows are added, removed or reordered, on any machine and JVM (unlike
 * {@code String.hashCode}, which is not a stable contract of content). Rows with equal ids share a
 * fold. The counts follow the ratios only approximately (each row is an independent uniform draw).
 * Nothing is random, so there is no seed: an experiment's seed must not split its cache.
 */
public final class HashSplit extends SplitStage {

  /** Resolution of the ratios: one millionth. */
  static final long BUCKETS = 1_000_000;

  public HashSplit() {
    super("HashSplit", 1, "fold from SHA-256 of an id column against the ratios: stable as rows are added");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.string("column", null, "the column holding each row's stable id (blank ids are refused)"),
        Ratios.param());
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random unused) {
    Ratios ratios = Ratios.of(params.get(RATIOS), owner());
    int column = column(data, params, "column");
    MessageDigest sha256 = sha256();
    String[] folds = new String[data.size()];
    for (int i = 0; i < data.size(); i++) {
      String id = data.cell(i, column);
      if (id.isBlank()) {
        throw new StageException(owner() + ": column '" + data.header().get(column) + "', " + data.rowName(i)
            + " (" + data.where(i) + "): blank id; every row needs an id to hash");
      }
      folds[i] = ratios.foldAt(bucket(id, sha256), BUCKETS);
    }
    return folds;
  }

  /** The id's bucket in [0, BUCKETS). */
  static long bucket(String id, MessageDigest sha256) {
    byte[] h = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int b = 0; b < 8; b++) {
      v = (v << 8) | (h[b] & 0xff);
    }
    return Long.remainderUnsigned(v, BUCKETS);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
