package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finished report: its sections, written as one self-contained {@code report.html} (Chart.js, the
 * drawing script, styles and all data inline; no network access needed to view it),
 * {@code report.json} (every section's notes, chart data and tables) and one CSV per table.
 */
public record Report(String experiment, List<Section> sections) {

  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

  public Report {
    sections = List.copyOf(sections);
  }

  public Optional<Section> section(String id) {
    return sections.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** A table by name, in whichever section holds it. */
  public Optional<Table> table(String name) {
    return sections.stream().flatMap(s -> s.tables().stream()).filter(t -> t.name().equals(name)).findFirst();
  }

  public List<Chart> charts() {
    return sections.stream().flatMap(s -> s.charts().stream()).toList();
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("experiment", experiment);
    ArrayNode ss = o.putArray("sections");
    for (Section s : sections) {
      ObjectNode j = ss.addObject();
      j.put("id", s.id());
      j.put("title", s.title());
      ArrayNode notes = j.putArray("notes");
      s.notes().forEach(notes::add);
      ArrayNode charts = j.putArray("charts");
      for (Chart c : s.charts()) {
        charts.addObject().put("id", c.id()).put("kind", c.kind()).put("title", c.title()).set("spec", c.spec());
      }
      ArrayNode tables = j.putArray("tables");
      s.tables().forEach(t -> tables.add(t.toJson()));
      if (s.preformatted() != null) {
        j.put("text", s.preformatted());
      }
    }
    return o;
  }

  /** Writes report.html, report.json and the CSVs into {@code dir}; returns the HTML file. */
  public Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      List<String> names = new ArrayList<>();
      for (Section s : sections) {
        for (Table t : s.tables()) {
          Files.writeString(dir.resolve(t.name() + ".csv"), t.toCsv(), StandardCharsets.UTF_8);
          names.add(t.name());
        }
      }
      Files.writeString(dir.resolve("report.json"),
          CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n",
          StandardCharsets.UTF_8);
      Path html = dir.resolve("report.html");
      Files.writeString(html, Html.render(this, resource(CHART_JS)), StandardCharsets.UTF_8);
      return html;
    } catch (IOException e) {
      throw new StoreException("report " + dir + ": cannot write: " + e.getMessage(), e);
    }
  }

  static String resource(String path) {
    try (InputStream in = Report.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("resource " + path + ": " + e.getMessage(), e);
    }
  }
}
