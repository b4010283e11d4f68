package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One column of the experiment's data.
 *
 * @param name the CSV header name
 * @param role what the column is for
 * @param encoder {@code {"name": ..., "params": {...}}} for input and label columns, null otherwise
 */
public record ColumnSpec(String name, Role role, ObjectNode encoder) {

  /** What a column is for. Only input and label columns are encoded. */
  public enum Role {
    INPUT,
    LABEL,
    /** Carried along (ids, notes), never encoded. */
    META,
    /** Names groups for group-aware splitting; never encoded. */
    GROUP;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean encoded() {
    return role == Role.INPUT || role == Role.LABEL;
  }
}
