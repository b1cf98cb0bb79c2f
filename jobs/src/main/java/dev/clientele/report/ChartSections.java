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
import dev.clientele.report.ReportData.RfmCell;
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
      table.append(
          Html.tr(
              Html.attr("data-cell", "r" + c.r() + "-f" + c.f())
                  + Html.attr("data-customers", c.customers())
                  + Html.attr("data-avg-monetary", c.avgMonetary()),
              "R" + c.r(),
              "F" + c.f(),
              count(c.customers()),
              num(c.avgMonetary(), 2)));
    }
    return section(
        "rfm", title, rfmChart(title, values, text) + table.append("</table></details>\n"));
  }

  private static String rfmChart(String title, Double[][] values, String[][] text) {
    List<String> rs = scores(values.length, "R");
    List<String> fs = scores(values[0].length, "F");
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
        "Each cell: customers · average net revenue (ø). R5 = most recent, F5 = most frequent.";
    return chart(
        "chart-rfm", title, ReportCharts.pngDataUri(HeatMaps.chart(grid), W, 560), esc(caption));
  }

  private static List<String> scores(int max, String prefix) {
    return java.util.stream.IntStream.rangeClosed(1, max).mapToObj(i -> prefix + i).toList();
  }

  static String clv(ClvHistogram h, Holdout holdout) {
    StringBuilder b = new StringBuilder();
    if (h == null) {
      b.append(notAvailable(Tables.CUSTOMER_CLV));
    } else if (h.buckets().isEmpty() && h.nonPositiveOrMissing() == 0) {
      b.append(noRows(Tables.CUSTOMER_CLV));
    } else {
      b.append(histogram(h));
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
      String png = ReportCharts.pngDataUri(ReportCharts.holdout(holdout.rows()), W, 400);
      b.append(chart("chart-clv-holdout", "Holdout check", png, esc(caption)));
      b.append(holdoutTable(holdout.rows()));
    }
    return section("clv", "Customer lifetime value", b.toString());
  }

  private static String histogram(ClvHistogram h) {
    StringBuilder table =
        new StringBuilder("<details><summary>Numbers</summary><table>")
            .append(th("from", "to", "customers"));
    for (ClvBucket k : h.buckets()) {
      table.append(
          Html.tr(
              Html.attr("data-bucket", k.lower()) + Html.attr("data-customers", k.customers()),
              num(k.lower(), 2),
              num(k.upper(), 2),
              count(k.customers())));
    }
    long hidden = h.nonPositiveOrMissing();
    String caption =
        "Buckets 1-2-5 per decade. Not shown: "
            + Html.figure("clv_not_shown", hidden, count(hidden))
            + " customers with a predicted CLV of zero, below zero or missing.";
    String png = ReportCharts.pngDataUri(ReportCharts.clvHistogram(h.buckets()), W, H);
    return chart("chart-clv-histogram", "Predicted CLV distribution", png, caption)
        + table.append("</table></details>\n");
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

  static <T> Map<String, List<T>> byFamily(List<T> rows, java.util.function.Function<T, String> f) {
    return rows.stream().collect(Collectors.groupingBy(f, LinkedHashMap::new, Collectors.toList()));
  }
}
