package dev.clientele.report;

import static dev.clientele.report.Html.chart;
import static dev.clientele.report.Html.count;
import static dev.clientele.report.Html.esc;
import static dev.clientele.report.Html.noRows;
import static dev.clientele.report.Html.notAvailable;
import static dev.clientele.report.Html.num;
import static dev.clientele.report.Html.section;
import static dev.clientele.report.Html.th;

import dev.clientele.report.ReportData.Persona;
import dev.clientele.report.ReportData.SegmentRow;
import dev.clientele.schema.Tables;
import java.util.List;

/** The segment sections of the report: segment sizes and revenue per family, cluster personas. */
final class SegmentSections {
  private static final int W = 1000;

  private SegmentSections() {}

  static String segments(List<SegmentRow> rows) {
    String title = "Segments per family";
    if (rows == null) {
      return section("segments", title, notAvailable(Tables.SEGMENT_SUMMARY));
    }
    if (rows.isEmpty()) {
      return section("segments", title, noRows(Tables.SEGMENT_SUMMARY));
    }
    StringBuilder b = new StringBuilder();
    ChartSections.byFamily(rows, SegmentRow::family)
        .forEach((fam, rs) -> b.append(family(fam, rs)));
    return section("segments", title, b.toString());
  }

  private static String family(String fam, List<SegmentRow> rs) {
    String id = Html.slug(fam);
    int height = 160 + 32 * rs.size();
    String customers =
        ReportCharts.pngDataUri(
            ReportCharts.segmentBars(
                "Customers: " + fam, "Customers", rs, SegmentRow::segment, SegmentRow::customers),
            560,
            height);
    String revenue =
        ReportCharts.pngDataUri(
            ReportCharts.segmentBars(
                "Net revenue: " + fam,
                "Revenue",
                rs,
                SegmentRow::segment,
                r -> r.revenue() == null ? 0 : r.revenue().doubleValue()),
            560,
            height);
    StringBuilder b = new StringBuilder("<h3>").append(esc(fam)).append("</h3><div class=\"row\">");
    b.append(chart("chart-segments-" + id, fam + " customers", customers, null));
    b.append(chart("chart-segment-revenue-" + id, fam + " revenue", revenue, null));
    b.append("</div><table>")
        .append(th("segment", "customers", "share", "revenue", "avg CLV", "avg recency (days)"));
    for (SegmentRow r : rs) {
      b.append(
          Html.tr(
              Html.attr("data-segment", fam + "/" + r.segment())
                  + Html.attr("data-customers", r.customers()),
              esc(r.segment()),
              count(r.customers()),
              Html.pct(r.customerShare()),
              Html.money(r.revenue()),
              num(r.avgClv(), 2),
              num(r.avgRecencyDays(), 1)));
    }
    return b.append("</table>\n").toString();
  }

  static String personas(List<Persona> personas) {
    String title = "Behavioural cluster personas";
    if (personas == null) {
      return section("personas", title, notAvailable(Tables.CLUSTER_PERSONAS));
    }
    if (personas.isEmpty()) {
      return section("personas", title, noRows(Tables.CLUSTER_PERSONAS));
    }
    List<String> features = personas.get(0).features().keySet().stream().toList();
    StringBuilder t =
        new StringBuilder(
            "<table class=\"text2\"><tr><th>cluster</th><th>label</th>"
                + "<th>customers</th><th>share</th>");
    features.forEach(f -> t.append("<th>").append(esc(f.replace('_', ' '))).append("</th>"));
    t.append("</tr>\n");
    for (Persona p : personas) {
      List<String> cells =
          new java.util.ArrayList<>(
              List.of(
                  String.valueOf(p.cluster()),
                  esc(p.label()),
                  count(p.customers()),
                  Html.pct(p.customerShare())));
      features.forEach(f -> cells.add(num(p.features().get(f), 2)));
      t.append(
          Html.tr(
              Html.attr("data-cluster", p.cluster()) + Html.attr("data-customers", p.customers()),
              cells.toArray(new String[0])));
    }
    return section(
        "personas",
        title,
        chart(
                "chart-personas",
                title,
                ReportCharts.pngDataUri(
                    ReportCharts.personas(personas), W, 120 + 40 * personas.size()),
                null)
            + t.append("</table>\n"));
  }
}
