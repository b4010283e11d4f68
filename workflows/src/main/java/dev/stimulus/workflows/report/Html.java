package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stimulus.core.CanonicalJson;
import java.util.List;

/** The report as one HTML page: sections, tables (first rows; the CSV has all), and chart canvases. */
final class Html {

  /** Rows of a table shown in the page; the CSV next to it holds all of them. */
  static final int MAX_ROWS = 200;

  private Html() {}

  static String render(Report report, String chartJs) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>stimulus report: ")
        .append(esc(report.experiment())).append("</title>\n<style>\n")
        .append(Report.resource("dev/stimulus/workflows/report/report.css")).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Experiment ").append(esc(report.experiment())).append("</h1>\n<nav><ul>\n");
    for (Section s : report.sections()) {
      h.append("<li><a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a></li>\n");
    }
    h.append("</ul></nav>\n");
    ArrayNode specs = JsonNodeFactory.instance.arrayNode();
    for (Section s : report.sections()) {
      h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
      for (String n : s.notes()) {
        h.append("<p>").append(esc(n)).append("</p>\n");
      }
      for (Chart c : s.charts()) {
        h.append("<figure><canvas id=\"").append(c.id()).append("\" class=\"chart\" width=\"960\" height=\"380\""
            + " data-kind=\"").append(c.kind()).append("\" data-rendered=\"false\"></canvas><figcaption>")
            .append(esc(c.title())).append("</figcaption></figure>\n");
        specs.addObject().put("id", c.id()).put("kind", c.kind()).put("title", c.title()).set("spec", c.spec());
      }
      if (s.preformatted() != null) {
        h.append("<pre>").append(esc(s.preformatted())).append("</pre>\n");
      }
      for (Table t : s.tables()) {
        table(h, t);
      }
      h.append("</section>\n");
    }
    // Data as JSON inside a non-executed script element; "</" is escaped so no value can end it.
    h.append("<script type=\"application/json\" id=\"chart-specs\">")
        .append(CanonicalJson.write(specs).replace("</", "<\\/")).append("</script>\n");
    h.append("<script>\n").append(chartJs.replace("</script", "<\\/script")).append("\n</script>\n");
    h.append("<script>\n").append(Report.resource("dev/stimulus/workflows/report/report.js")).append("\n</script>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void table(StringBuilder h, Table t) {
    h.append("<h3>").append(esc(t.title())).append(" <a class=\"csv\" href=\"").append(t.name())
        .append(".csv\">").append(t.name()).append(".csv</a></h3>\n<div class=\"table\"><table>\n<thead><tr>");
    for (String c : t.columns()) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    List<List<Object>> rows = t.rows();
    for (int i = 0; i < Math.min(rows.size(), MAX_ROWS); i++) {
      h.append("<tr>");
      for (Object c : rows.get(i)) {
        h.append(c instanceof Number ? "<td class=\"num\">" : "<td>").append(esc(display(c))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n");
    if (rows.size() > MAX_ROWS) {
      h.append("<p class=\"more\">").append(rows.size() - MAX_ROWS).append(" more rows in ").append(t.name())
          .append(".csv</p>\n");
    }
  }

  /** Numbers shown to 4 significant digits; the CSV and JSON keep them exact. */
  private static String display(Object c) {
    if (c instanceof Double d) {
      if (!Double.isFinite(d)) {
        return "";
      }
      return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString(d.longValue())
          : new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return Table.text(c);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
