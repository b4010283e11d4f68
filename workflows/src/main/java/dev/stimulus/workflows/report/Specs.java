package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builders of the chart specs that report.js draws (see {@link Chart}) and small statistics. */
final class Specs {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Specs() {}

  static ObjectNode bar(List<String> labels, String yTitle) {
    ObjectNode o = F.objectNode();
    ArrayNode l = o.putArray("labels");
    labels.forEach(l::add);
    o.putArray("series");
    o.put("yTitle", yTitle);
    return o;
  }

  static ObjectNode series(ObjectNode spec, String name, List<Double> values, List<Double> errors) {
    ObjectNode s = spec.withArray("series").addObject();
    s.put("name", name);
    numbers(s.putArray("values"), values);
    if (errors != null) {
      numbers(s.putArray("errors"), errors);
    }
    return spec;
  }

  static ObjectNode strip(List<String> groups, List<List<Double>> values, String yTitle) {
    ObjectNode o = F.objectNode();
    ArrayNode g = o.putArray("groups");
    groups.forEach(g::add);
    ArrayNode v = o.putArray("values");
    values.forEach(vs -> numbers(v.addArray(), vs));
    o.put("yTitle", yTitle);
    return o;
  }

  static ObjectNode line(String xTitle, String yTitle) {
    ObjectNode o = F.objectNode();
    o.putArray("series");
    o.put("xTitle", xTitle);
    o.put("yTitle", yTitle);
    return o;
  }

  static ObjectNode lineSeries(ObjectNode spec, String name, List<Double> x, List<Double> y) {
    ObjectNode s = spec.withArray("series").addObject();
    s.put("name", name);
    numbers(s.putArray("x"), x);
    numbers(s.putArray("y"), y);
    return spec;
  }

  static ObjectNode heatmap(List<String> rows, List<String> cols, Double[][] values, String xTitle, String yTitle) {
    ObjectNode o = F.objectNode();
    ArrayNode r = o.putArray("rows");
    rows.forEach(r::add);
    ArrayNode c = o.putArray("cols");
    cols.forEach(c::add);
    ArrayNode v = o.putArray("values");
    for (Double[] row : values) {
      numbers(v.addArray(), java.util.Arrays.asList(row));
    }
    o.put("xTitle", xTitle);
    o.put("yTitle", yTitle);
    return o;
  }

  private static void numbers(ArrayNode a, List<Double> values) {
    for (Double d : values) {
      if (d == null || !Double.isFinite(d)) {
        a.addNull();
      } else {
        a.add(d);
      }
    }
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1); NaN below two values. */
  static double sd(List<Double> xs) {
    if (xs.size() < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.size() - 1));
  }

  static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
