package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One chart: a small data spec that the report's script turns into a Chart.js chart. Kinds:
 * <ul>
 *   <li>{@code bar}: {@code labels}, {@code series: [{name, values, errors?}]} (errors drawn as
 *       floating bars of mean ± error);
 *   <li>{@code strip}: {@code groups}, {@code values: [[...] per group]} (one point per trial);
 *   <li>{@code line}: {@code series: [{name, x, y}]}, {@code xTitle};
 *   <li>{@code heatmap}: {@code rows}, {@code cols}, {@code values} (row-major, null for none).
 * </ul>
 * Every kind takes {@code yTitle}.
 */
public record Chart(String id, String kind, String title, ObjectNode spec) {}
