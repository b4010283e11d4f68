package dev.stimulus.workflows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small deterministic stand-ins for the real stages, with the real stages' names and parameter
 * shapes, that record every execution so tests can assert exactly what ran.
 */
final class Fakes {

  /** One stage execution: kind, name, canonical params, the seed it was given. */
  record Execution(String kind, String name, String params, long seed) {}

  final Queue<Execution> executions = new ConcurrentLinkedQueue<>();
  final AtomicInteger activeTrains = new AtomicInteger();
  final AtomicInteger maxActiveTrains = new AtomicInteger();
  volatile long trainMillis = 0;

  Catalogue catalogue() {
    return Catalogue.of(List.of(new Split(), new Noise(), new Identity(), new Encode(), new Train(),
        new Evaluate(), new Crash()));
  }

  long count(String kind) {
    return executions.stream().filter(e -> e.kind.equals(kind)).count();
  }

  private void record(Stage s, ObjectNode params, StageContext ctx) {
    executions.add(new Execution(s.kind().id(), s.name(), CanonicalJson.write(params), ctx.seed()));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  abstract class Fake implements Stage {
    @Override
    public int version() {
      return 1;
    }

    @Override
    public String description() {
      return "test double for " + name();
    }
  }

  final class Split extends Fake {
    public String name() {
      return "RandomSplit";
    }

    public StageKind kind() {
      return StageKind.SPLIT;
    }

    public ParamSpec params() {
      return ParamSpec.of(Param.numbers("ratios", List.of(0.7, 0.15, 0.15), 0, 1, "fold sizes"),
          Param.integer("seed", 0, 0, Long.MAX_VALUE, "identity field"));
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      return new StageOutput().put(Ports.TABLE,
          utf8(text(in.bytes(Ports.DATA)) + "|split " + ctx.seed()), "text/csv");
    }
  }

  /** Output depends on std rounded to one decimal, so 0.1 and 0.12 give identical bytes. */
  final class Noise extends Fake {
    public String name() {
      return "GaussianNoise";
    }

    public StageKind kind() {
      return StageKind.TRANSFORM;
    }

    public ParamSpec params() {
      return ParamSpec.of(Param.strings("columns", List.of(), "columns"),
          Param.number("std", 1.0, 0, 100, "standard deviation"),
          Param.strings("folds", List.of("train", "validation", "test"), "folds"),
          Param.integer("seed", 0, 0, Long.MAX_VALUE, "identity field"));
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      double std = params.get("std").doubleValue();
      if (std > 5) {
        throw new StageException("std too large for this data: " + std);
      }
      return new StageOutput().put(Ports.TABLE, utf8(text(in.bytes(Ports.TABLE))
          + String.format(Locale.ROOT, "|noise %.1f", std)), "text/csv");
    }
  }

  final class Identity extends Fake {
    public String name() {
      return "Identity";
    }

    public StageKind kind() {
      return StageKind.TRANSFORM;
    }

    public ParamSpec params() {
      return ParamSpec.of();
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      return new StageOutput().put(Ports.TABLE, in.bytes(Ports.TABLE), "text/csv");
    }
  }

  /** Throws an unexpected exception: a bug, not a user error. */
  final class Crash extends Fake {
    public String name() {
      return "Crash";
    }

    public StageKind kind() {
      return StageKind.TRANSFORM;
    }

    public ParamSpec params() {
      return ParamSpec.of();
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      throw new IllegalStateException("boom");
    }
  }

  final class Encode extends Fake {
    public String name() {
      return "columns";
    }

    public StageKind kind() {
      return StageKind.ENCODE;
    }

    public ParamSpec params() {
      return ParamSpec.of(Param.json("columns", null, "column specs"));
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      String t = Digest.of(in.bytes(Ports.TABLE)).hex();
      return new StageOutput().put(Ports.TENSORS, utf8("tensors " + t), "application/octet-stream")
          .put(Ports.STATE, utf8("{}"), "application/json")
          .put(Ports.INDEX, utf8("fold,row_id\n" + t), "text/csv");
    }
  }

  final class Train extends Fake {
    public String name() {
      return "djl";
    }

    public StageKind kind() {
      return StageKind.TRAIN;
    }

    public ParamSpec params() {
      return ParamSpec.of(Param.string("architecture", "mlp", "architecture"),
          Param.integers("hidden", List.of(64L), 1, 4096, "hidden sizes"),
          Param.number("dropout", 0, 0, 0.9, "dropout"),
          Param.choice("optimizer", "adam", List.of("adam", "sgd"), "optimizer"),
          Param.number("lr", 0.001, 0, 10, "learning rate"),
          Param.integer("batch_size", 32, 1, 1 << 20, "batch size"),
          Param.integer("epochs", 10, 1, 100000, "epochs"),
          Param.integer("seed", 0, 0, Long.MAX_VALUE, "identity field"));
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      int now = activeTrains.incrementAndGet();
      maxActiveTrains.accumulateAndGet(now, Math::max);
      try {
        record(this, params, ctx);
        if (trainMillis > 0) {
          Thread.sleep(trainMillis);
        }
        String m = Digest.of(utf8(text(in.bytes(Ports.TENSORS)) + CanonicalJson.write(params))).hex();
        return new StageOutput().put(Ports.MODEL, utf8("model " + m), "application/octet-stream")
            .put(Ports.SPEC, utf8("{}"), "application/json")
            .put(Ports.CURVE, utf8("epoch,train_loss,validation_loss\n"), "text/csv")
            .note("device", "cpu");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        activeTrains.decrementAndGet();
      }
    }
  }

  /** Scores are a function of the model bytes: different models get different, fixed scores. */
  final class Evaluate extends Fake {
    public String name() {
      return "metrics";
    }

    public StageKind kind() {
      return StageKind.EVALUATE;
    }

    public ParamSpec params() {
      return ParamSpec.of(Param.number("threshold", 0.5, 0, 1, "threshold"));
    }

    public StageOutput run(StageInput in, ObjectNode params, StageContext ctx) {
      record(this, params, ctx);
      byte[] d = Digest.of(in.bytes(Ports.MODEL)).hex().getBytes(StandardCharsets.US_ASCII);
      double v = (d[0] * 31 + d[1]) % 1000 / 1000.0;
      String json = String.format(Locale.ROOT,
          "{\"validation\":{\"roc_auc\":%s,\"n\":10},\"test\":{\"roc_auc\":%s,\"n\":10}}", v, 1 - v);
      return new StageOutput().put(Ports.METRICS, utf8(json), "application/json")
          .put(Ports.PREDICTIONS, utf8("fold,row_id,label,score\n"), "text/csv");
    }
  }
}
