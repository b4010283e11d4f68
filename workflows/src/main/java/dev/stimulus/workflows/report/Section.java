package dev.stimulus.workflows.report;

import java.util.List;

/**
 * One section of the report: explanatory paragraphs, charts, tables, and optionally preformatted
 * text (the lineage).
 */
public record Section(String id, String title, List<String> notes, List<Chart> charts, List<Table> tables,
    String preformatted) {

  public Section {
    notes = List.copyOf(notes);
    charts = List.copyOf(charts);
    tables = List.copyOf(tables);
  }

  static Section of(String id, String title, List<String> notes, List<Chart> charts, List<Table> tables) {
    return new Section(id, title, notes, charts, tables, null);
  }
}
