package dev.clientele.report;

import static dev.clientele.report.Html.chart;
import static dev.clientele.report.Html.count;
import static dev.clientele.report.Html.esc;
import static dev.clientele.report.Html.noRows;
import static dev.clientele.report.Html.notAvailable;
import static dev.clientele.report.Html.num;
import static dev.clientele.report.Html.section;
import static dev.clientele.report.Html.th;

import dev.clientele.report.ReportData.ClvBucket;
import dev.clientele.report.ReportData.ClvHistogram;
import dev.clientele.report.ReportData.Holdout;
import dev.clientele.report.ReportData.HoldoutRow;
import dev.clientele.report.ReportData.Pareto;
import dev.clientele.report.ReportData.Persona;
import dev.clientele.report.ReportData.RfmCell;
import dev.clientele.report.ReportData.SegmentRow;
import dev.clientele.report.ReportData.TransitionRow;
import dev.clientele.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The chart sections of the report, each a figure with a stable id plus its numbers. */
final class ChartSections {
  private static final int W = 1000;
  private static final int H = 460;

  private ChartSections() {}

  static String pareto(Pareto p) {
    String title = "Pareto curve and ABC classes";
    if (p == null) {
      return section("pareto", title, notAvailable(Tables.PARETO_CURVE));
    }
    if (p.curve().isEmpty()) {
      return section("pareto", title, noRows(Tables.PARETO_CURVE));
    }
    String caption =
        "Customers with positive net revenue, largest first. Dashed horizontal lines: "
            + ReportCharts.pct(p.aRevenueThreshold())
            + " and "
            + ReportCharts.pct(p.bRevenueThreshold())
            + " of revenue (the A and B thresholds); vertical lines: where class A "
            + "ends ("
            + Html.pct(p.aCustomerShare())
            + " of customers) and class B ends ("
            + Html.pct(p.abCustomerShare())
            + ").";
    return section(
        "pareto",
        title,
        chart(
            "chart-pareto",
            title,
            ReportCharts.pngDataUri(ReportCharts.pareto(p), W, H),
            esc(caption)));
  }

  static String rfm(List<RfmCell> cells) {
    String title = "RFM grid: customers per recency and frequency score";
    if (cells == null) {
      return section("rfm", title, notAvailable(Tables.CUSTOMER_METRICS));
    }
    if (cells.isEmpty()) {
      return section("rfm", title, noRows(Tables.CUSTOMER_METRICS));
    }
    int maxR = cells.stream().mapToInt(RfmCell::r).max().orElse(1);
    int maxF = cells.stream().mapToInt(RfmCell::f).max().orElse(1);
    Double[][] values = new Double[maxR][maxF];
    String[][] text = new String[maxR][maxF];
    StringBuilder table =
        new StringBuilder("<details><summary>Numbers</summary><table>")
            .append(th("R", "F", "customers", "average monetary"));
    for (RfmCell c : cells) {
      values[c.r() - 1][c.f() - 1] = (double) c.customers();
      text[c.r() - 1][c.f() - 1] = count(c.customers()) + " · ø " + num(c.avgMonetary(), 0);
      table
          .append("<tr data-cell=\"r")
          .append(c.r())
          .append("-f")
          .append(c.f())
          .append("\" data-customers=\"")
          .append(c.customers())
          .append("\" data-avg-monetary=\"")
          .append(c.avgMonetary())
          .append("\"><td>")
          .append(c.r())
          .append("</td><td>")
          .append(c.f())
          .append("</td><td>")
          .append(count(c.customers()))
          .append("</td><td>")
          .append(num(c.avgMonetary(), 2))
          .append("</td></tr>\n");
    }
    List<String> rs = scores(maxR, "R");
    List<String> fs = scores(maxF, "F");
    var grid =
        new HeatMaps.Grid(
            title,
            "Frequency score",
            fs,
            "Recency score",
            rs,
            values,
            text,
            HeatMaps.RowOrder.BOTTOM_UP);
    String caption =
        "Each cell: customers · average net revenue (ø). R5 = most recent, F5 = most"
            + " frequent.";
    return section(
        "rfm",
        title,
        chart(
                "chart-rfm",
                title,
                ReportCharts.pngDataUri(HeatMaps.chart(grid), W, 560),
                esc(caption))
            + table.append("</table></details>\n"));
  }

  private static List<String> scores(int max, String prefix) {
    return java.util.stream.IntStream.rangeClosed(1, max).mapToObj(i -> prefix + i).toList();
  }

  static String segments(List<SegmentRow> rows) {
    String title = "Segments per family";
    if (rows == null) {
      return section("segments", title, notAvailable(Tables.SEGMENT_SUMMARY));
    }
    if (rows.isEmpty()) {
      return section("segments", title, noRows(Tables.SEGMENT_SUMMARY));
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<SegmentRow>> e : byFamily(rows, SegmentRow::family).entrySet()) {
      String fam = e.getKey();
      String id = Html.slug(fam);
      List<SegmentRow> rs = e.getValue();
      b.append("<h3>").append(esc(fam)).append("</h3><div class=\"row\">");
      b.append(
          chart(
              "chart-segments-" + id,
              fam + " customers",
              ReportCharts.pngDataUri(
                  ReportCharts.segmentBars(
                      "Customers: " + fam,
                      "Customers",
                      rs,
                      SegmentRow::segment,
                      SegmentRow::customers),
                  560,
                  80 + 32 * rs.size() + 80),
              null));
      b.append(
          chart(
              "chart-segment-revenue-" + id,
              fam + " revenue",
              ReportCharts.pngDataUri(
                  ReportCharts.segmentBars(
                      "Net revenue: " + fam,
                      "Revenue",
                      rs,
                      SegmentRow::segment,
                      r -> r.revenue() == null ? 0 : r.revenue().doubleValue()),
                  560,
                  80 + 32 * rs.size() + 80),
              null));
      b.append("</div><table>")
          .append(th("segment", "customers", "share", "revenue", "avg CLV", "avg recency (days)"));
      for (SegmentRow r : rs) {
        b.append("<tr data-segment=\"")
            .append(esc(fam + "/" + r.segment()))
            .append("\" data-customers=\"")
            .append(r.customers())
            .append("\"><td>")
            .append(esc(r.segment()))
            .append("</td><td>")
            .append(count(r.customers()))
            .append("</td><td>")
            .append(Html.pct(r.customerShare()))
            .append("</td><td>")
            .append(Html.money(r.revenue()))
            .append("</td><td>")
            .append(num(r.avgClv(), 2))
            .append("</td><td>")
            .append(num(r.avgRecencyDays(), 1))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    return section("segments", title, b.toString());
  }

  static String clv(ClvHistogram h, Holdout holdout) {
    String title = "Customer lifetime value";
    StringBuilder b = new StringBuilder();
    if (h == null) {
      b.append(notAvailable(Tables.CUSTOMER_CLV));
    } else if (h.buckets().isEmpty() && h.nonPositiveOrMissing() == 0) {
      b.append(noRows(Tables.CUSTOMER_CLV));
    } else {
      StringBuilder table =
          new StringBuilder("<details><summary>Numbers</summary><table>")
              .append(th("from", "to", "customers"));
      for (ClvBucket k : h.buckets()) {
        table
            .append("<tr data-bucket=\"")
            .append(k.lower())
            .append("\" data-customers=\"")
            .append(k.customers())
            .append("\"><td>")
            .append(num(k.lower(), 2))
            .append("</td><td>")
            .append(num(k.upper(), 2))
            .append("</td><td>")
            .append(count(k.customers()))
            .append("</td></tr>\n");
      }
      String caption =
          "Buckets 1-2-5 per decade. Not shown: "
              + Html.figure(
                  "clv_not_shown", h.nonPositiveOrMissing(), count(h.nonPositiveOrMissing()))
              + " customers with a predicted CLV of zero, below zero or missing.";
      b.append(
          chart(
              "chart-clv-histogram",
              "Predicted CLV distribution",
              ReportCharts.pngDataUri(ReportCharts.clvHistogram(h.buckets()), W, H),
              caption));
      b.append(table.append("</table></details>\n"));
    }
    b.append("<h3>Holdout check: predicted versus actual purchases</h3>\n");
    if (holdout == null) {
      b.append(notAvailable(Tables.CLV_HOLDOUT));
    } else if (holdout.rows().isEmpty()) {
      b.append(noRows(Tables.CLV_HOLDOUT));
    } else {
      String caption =
          "Calibration up to "
              + holdout.calibrationEnd()
              + ", then "
              + holdout.holdoutDays()
              + " days held out; mean absolute error "
              + num(holdout.mae(), 3)
              + " purchases per customer.";
      b.append(
          chart(
              "chart-clv-holdout",
              "Holdout check",
              ReportCharts.pngDataUri(ReportCharts.holdout(holdout.rows()), W, 400),
              esc(caption)));
      b.append(holdoutTable(holdout.rows()));
    }
    return section("clv", title, b.toString());
  }

  private static String holdoutTable(List<HoldoutRow> rows) {
    StringBuilder t =
        new StringBuilder("<details><summary>Numbers</summary><table>")
            .append(th("repeat purchases", "customers", "actual mean", "predicted mean"));
    for (HoldoutRow r : rows) {
      t.append("<tr><td>")
          .append(esc(r.frequencyGroup()))
          .append("</td><td>")
          .append(count(r.customers()))
          .append("</td><td>")
          .append(num(r.actual(), 3))
          .append("</td><td>")
          .append(num(r.predicted(), 3))
          .append("</td></tr>\n");
    }
    return t.append("</table></details>\n").toString();
  }

  static String transitions(List<TransitionRow> rows) {
    String title = "Segment transitions since the previous snapshot";
    if (rows == null) {
      return section("transitions", title, notAvailable(Tables.SEGMENT_TRANSITIONS));
    }
    if (rows.isEmpty()) {
      return section("transitions", title, noRows(Tables.SEGMENT_TRANSITIONS));
    }
    StringBuilder b = new StringBuilder();
    for (var e : byFamily(rows, TransitionRow::family).entrySet()) {
      b.append(Transitions.figure(e.getKey(), e.getValue()));
    }
    return section("transitions", title, b.toString());
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
      t.append("<tr data-cluster=\"")
          .append(p.cluster())
          .append("\" data-customers=\"")
          .append(p.customers())
          .append("\"><td>")
          .append(p.cluster())
          .append("</td><td>")
          .append(esc(p.label()))
          .append("</td><td>")
          .append(count(p.customers()))
          .append("</td><td>")
          .append(Html.pct(p.customerShare()))
          .append("</td>");
      features.forEach(f -> t.append("<td>").append(num(p.features().get(f), 2)).append("</td>"));
      t.append("</tr>\n");
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

  static <T> Map<String, List<T>> byFamily(List<T> rows, java.util.function.Function<T, String> f) {
    return rows.stream().collect(Collectors.groupingBy(f, LinkedHashMap::new, Collectors.toList()));
  }
}
