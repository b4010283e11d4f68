package dev.stimulus.workflows.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trials as a flat table: fixed columns, then one column per parameter ({@code param:<name>}) and per
 * metric ({@code <fold>.<metric>}) found in any of them. Shared by {@code stimulus trials} and the report.
 */
public final class TrialExport {

  public static final List<String> FIXED = List.of("experiment", "run", "trial", "id", "status", "objective",
      "label", "path_ms", "nodes_cached", "ran", "model", "message");

  private TrialExport() {}

  /** The column names for these trials. */
  public static List<String> columns(List<IndexedTrial> trials) {
    TreeSet<String> params = new TreeSet<>();
    TreeSet<String> metrics = new TreeSet<>();
    for (IndexedTrial t : trials) {
      params.addAll(t.params().keySet());
      metricNames(t).forEach(metrics::add);
    }
    List<String> out = new ArrayList<>(FIXED);
    params.forEach(p -> out.add("param:" + p));
    out.addAll(metrics);
    return out;
  }

  /** One row per trial in {@link #columns} order: numbers as Double/Long, text as String, null for none. */
  public static List<List<Object>> rows(List<IndexedTrial> trials, List<String> columns) {
    List<List<Object>> out = new ArrayList<>();
    for (IndexedTrial t : trials) {
      List<Object> r = new ArrayList<>();
      r.add(t.experiment());
      r.add(t.runId());
      r.add((long) t.index());
      r.add(t.trialId());
      r.add(t.status());
      r.add(t.objective());
      r.add(t.label());
      r.add(t.pathMillis());
      r.add((long) t.nodesCached());
      r.add(t.ran());
      r.add(t.model());
      r.add(t.message());
      for (int c = FIXED.size(); c < columns.size(); c++) {
        String name = columns.get(c);
        if (name.startsWith("param:")) {
          JsonNode v = t.params().get(name.substring("param:".length()));
          r.add(v == null ? null : v.isNumber() ? (Object) v.doubleValue() : v.isTextual() ? v.textValue()
              : CanonicalJson.write(v));
        } else {
          r.add(t.metric(name));
        }
      }
      out.add(r);
    }
    return out;
  }

  /** The trials as a JSON array, one object per trial with its params and metrics nested. */
  public static ArrayNode json(List<IndexedTrial> trials) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (IndexedTrial t : trials) {
      ObjectNode o = a.addObject();
      o.put("experiment", t.experiment());
      o.put("run", t.runId());
      o.put("startedAt", t.startedAt());
      o.put("trial", t.index());
      o.put("id", t.trialId());
      o.put("label", t.label());
      o.put("status", t.status());
      if (!t.message().isEmpty()) {
        o.put("message", t.message());
      }
      if (t.objective() != null) {
        o.put("objective", t.objective());
      }
      ObjectNode p = o.putObject("params");
      t.params().forEach(p::set);
      if (t.metrics() != null) {
        o.set("metrics", t.metrics());
      }
      o.put("model", t.model());
      o.put("data", t.data());
      ObjectNode keys = o.putObject("keys");
      t.keys().forEach(keys::put);
      o.putObject("cost").put("pathMillis", t.pathMillis()).put("nodes", t.nodes())
          .put("nodesCached", t.nodesCached()).put("ran", t.ran());
    }
    return a;
  }

  private static List<String> metricNames(IndexedTrial t) {
    List<String> out = new ArrayList<>();
    if (t.metrics() == null) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> f = t.metrics().fields(); f.hasNext(); ) {
      var fold = f.next();
      fold.getValue().fields().forEachRemaining(m -> {
        if (m.getValue().isNumber()) {
          out.add(fold.getKey() + "." + m.getKey());
        }
      });
    }
    return out;
  }
}
