package dev.clientele.report;

import static dev.clientele.report.Html.esc;

import dev.clientele.report.ReportData.TransitionRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The transition matrix of one segment family as a heat map (from on rows, to on columns). */
final class Transitions {
  private Transitions() {}

  static String figure(String family, List<TransitionRow> rows) {
    Set<String> names = new LinkedHashSet<>();
    // Null segments are customers who were not (or are no longer) in the family.
    rows.forEach(
        r -> {
          names.add(label(r.from()));
          names.add(label(r.to()));
        });
    List<String> segs = new ArrayList<>(names);
    segs.sort(String::compareTo);
    int n = segs.size();
    Double[][] values = new Double[n][n];
    String[][] text = new String[n][n];
    StringBuilder table =
        new StringBuilder("<details><summary>Numbers</summary><table>")
            .append(Html.th("from", "to", "customers"));
    for (TransitionRow r : rows) {
      int row = segs.indexOf(label(r.from()));
      int col = segs.indexOf(label(r.to()));
      double before = values[row][col] == null ? 0 : values[row][col];
      values[row][col] = before + r.customers();
      text[row][col] = Html.count((long) (before + r.customers()));
      table.append(
          Html.tr(
              Html.attr("data-transition", family + "/" + label(r.from()) + "/" + label(r.to()))
                  + Html.attr("data-customers", r.customers()),
              esc(label(r.from())),
              esc(label(r.to())),
              Html.count(r.customers())));
    }
    return render(family, rows, segs, values, text, table.append("</table></details>\n"));
  }

  private static String render(
      String family,
      List<TransitionRow> rows,
      List<String> segs,
      Double[][] values,
      String[][] text,
      CharSequence table) {
    int n = segs.size();
    String title = "Transitions: " + family;
    var grid =
        new HeatMaps.Grid(
            title,
            "Segment now",
            segs,
            "Segment before",
            segs,
            values,
            text,
            HeatMaps.RowOrder.TOP_DOWN);
    int size = Math.min(900, 220 + 60 * n);
    String caption =
        "From the snapshot of "
            + rows.get(0).previousSnapshot()
            + " (rows) to this one (columns); the diagonal is customers who stayed.";
    return "<h3>"
        + esc(family)
        + "</h3>\n"
        + Html.chart(
            "chart-transitions-" + Html.slug(family),
            title,
            ReportCharts.pngDataUri(HeatMaps.chart(grid), Math.max(size + 200, 700), size),
            esc(caption))
        + table;
  }

  private static String label(String segment) {
    return segment == null ? "(none)" : segment;
  }
}
