package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An experiment's search space as a tree, for the search strategies: one {@link Choice} per
 * pipeline step (split, transforms, model, evaluate) among that step's alternatives (split entries,
 * transform blocks; the model and the evaluation have one), and under each alternative the
 * {@link Dimension}s of its own parameters. A parameter exists only when its alternative is chosen
 * (a conditional parameter): a sampler first picks the alternative, then that alternative's values.
 *
 * <p>Only parameters that vary are dimensions: a list of alternatives ({@link Categorical}) or a
 * range ({@link Real}, {@link Int}). Dimension names are the parameters' field paths in the
 * experiment file ({@code transforms[1].steps[0].std}, {@code model.lr}), unique in the space.
 *
 * <p>Every point of the space is also a point of the unit cube: {@link #fromUnit} maps
 * {@link #coordinates()} numbers in [0, 1) to a point (alternatives and categories by equal bins,
 * ranges linearly or on the log scale), which is how random and quasi-random strategies sample.
 */
public final class SearchSpace {

  /** Real values are kept to this many significant digits: readable labels, identical reruns. */
  private static final MathContext DIGITS = new MathContext(6);

  /** A varying parameter of one alternative. */
  public sealed interface Dimension permits Categorical, Real, Int {
    String name();

    /** The value at u in [0, 1): a category's index, a real or an integer, as a double. */
    double fromUnit(double u);

    /** The parameter's value in the experiment for a value of this dimension. */
    JsonNode value(double v);
  }

  /** Alternatives given as a list: the value is an index into {@code values}. */
  public record Categorical(String name, List<JsonNode> values) implements Dimension {
    public Categorical {
      values = List.copyOf(values);
    }

    @Override
    public double fromUnit(double u) {
      return Math.min(values.size() - 1, (int) Math.floor(u * values.size()));
    }

    @Override
    public JsonNode value(double v) {
      return values.get((int) v);
    }
  }

  /** {@code {uniform: [lo, hi]}} or, with {@code log}, {@code {loguniform: [lo, hi]}}. */
  public record Real(String name, double lo, double hi, boolean log) implements Dimension {
    @Override
    public double fromUnit(double u) {
      double v = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
      return round(v);
    }

    /** Six significant digits, inside [lo, hi]. */
    public double round(double v) {
      double r = new BigDecimal(v).round(DIGITS).doubleValue();
      return Math.max(lo, Math.min(hi, r));
    }

    @Override
    public JsonNode value(double v) {
      return DoubleNode.valueOf(v);
    }
  }

  /** {@code {int: [lo, hi]}}: integers from lo to hi, both included, equally likely. */
  public record Int(String name, long lo, long hi) implements Dimension {
    @Override
    public double fromUnit(double u) {
      return Math.min(hi, lo + (long) Math.floor(u * (hi - lo + 1)));
    }

    @Override
    public JsonNode value(double v) {
      return LongNode.valueOf((long) v);
    }
  }

  /** One alternative of a step, e.g. a transform block, with the dimensions that exist when it is chosen. */
  public record Alternative(String name, List<Dimension> dimensions) {
    public Alternative {
      dimensions = List.copyOf(dimensions);
    }
  }

  /** One pipeline step's choice among its alternatives. */
  public record Choice(String name, List<Alternative> alternatives) {
    public Choice {
      alternatives = List.copyOf(alternatives);
      if (alternatives.isEmpty()) {
        throw new IllegalArgumentException("choice " + name + " has no alternatives");
      }
    }
  }

  /**
   * A configuration: the chosen alternative of every choice, and the value of every dimension of
   * the chosen alternatives (and of no other). Categorical values are indices.
   */
  public record Point(List<Integer> alternatives, SortedMap<String, Double> values) {
    public Point {
      alternatives = List.copyOf(alternatives);
      values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
  }

  private final List<Choice> choices;
  private final Function<Point, Configuration> realiser;

  /** A space without stages behind it (for strategies on their own): {@link #realise} is refused. */
  public SearchSpace(List<Choice> choices) {
    this(choices, null);
  }

  SearchSpace(List<Choice> choices, Function<Point, Configuration> realiser) {
    this.choices = List.copyOf(choices);
    this.realiser = realiser;
  }

  public List<Choice> choices() {
    return choices;
  }

  /** How many unit coordinates a point takes: one per choice with alternatives, one per dimension. */
  public int coordinates() {
    int n = 0;
    for (Choice c : choices) {
      n += c.alternatives().size() > 1 ? 1 : 0;
      for (Alternative a : c.alternatives()) {
        n += a.dimensions().size();
      }
    }
    return n;
  }

  /** Maps {@link #coordinates()} numbers in [0, 1) to a point; inactive dimensions' coordinates are unused. */
  public Point fromUnit(double[] u) {
    if (u.length != coordinates()) {
      throw new IllegalArgumentException("expected " + coordinates() + " coordinates, found " + u.length);
    }
    int i = 0;
    List<Integer> alts = new ArrayList<>();
    SortedMap<String, Double> values = new TreeMap<>();
    for (Choice c : choices) {
      int k = c.alternatives().size();
      int chosen = k > 1 ? Math.min(k - 1, (int) Math.floor(u[i++] * k)) : 0;
      alts.add(chosen);
      for (int a = 0; a < k; a++) {
        for (Dimension d : c.alternatives().get(a).dimensions()) {
          double x = u[i++];
          if (a == chosen) {
            values.put(d.name(), d.fromUnit(x));
          }
        }
      }
    }
    return new Point(alts, values);
  }

  /** The number of points when every dimension is a list; empty when a range makes it infinite. */
  public OptionalLong size() {
    long total = 1;
    for (Choice c : choices) {
      long step = 0;
      for (Alternative a : c.alternatives()) {
        long n = 1;
        for (Dimension d : a.dimensions()) {
          if (!(d instanceof Categorical cat)) {
            return OptionalLong.empty();
          }
          n = Math.multiplyExact(n, cat.values().size());
        }
        step = Math.addExact(step, n);
      }
      total = Math.multiplyExact(total, step);
    }
    return OptionalLong.of(total);
  }

  /**
   * Every point of a space without ranges, in grid order: the first choice varies slowest; within
   * an alternative, the first dimension varies slowest; the order the grid has always had.
   */
  public List<Point> enumerate() {
    if (size().isEmpty()) {
      throw new IllegalStateException("a space with ranges has no finite list of points");
    }
    List<Point> out = new ArrayList<>();
    out.add(new Point(List.of(), new TreeMap<>()));
    for (Choice c : choices) {
      List<Point> next = new ArrayList<>();
      for (Point prefix : out) {
        for (int a = 0; a < c.alternatives().size(); a++) {
          List<SortedMap<String, Double>> rows = new ArrayList<>();
          rows.add(new TreeMap<>(prefix.values()));
          for (Dimension d : c.alternatives().get(a).dimensions()) {
            List<SortedMap<String, Double>> grown = new ArrayList<>();
            for (SortedMap<String, Double> row : rows) {
              for (int v = 0; v < ((Categorical) d).values().size(); v++) {
                SortedMap<String, Double> r = new TreeMap<>(row);
                r.put(d.name(), (double) v);
                grown.add(r);
              }
            }
            rows = grown;
          }
          List<Integer> alts = new ArrayList<>(prefix.alternatives());
          alts.add(a);
          rows.forEach(r -> next.add(new Point(alts, r)));
        }
      }
      out = next;
    }
    return out;
  }

  /** The chosen alternatives' dimensions, choice by choice. */
  public List<Dimension> active(Point p) {
    List<Dimension> out = new ArrayList<>();
    for (int c = 0; c < choices.size(); c++) {
      out.addAll(choices.get(c).alternatives().get(p.alternatives().get(c)).dimensions());
    }
    return out;
  }

  /** The point's variants: the stages and resolved params of its split, transforms, model and evaluation. */
  public Configuration realise(Point p) {
    if (realiser == null) {
      throw new IllegalStateException("this search space has no experiment behind it");
    }
    return realiser.apply(p);
  }
}
