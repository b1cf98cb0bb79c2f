package dev.clientele.report;

import static dev.clientele.report.Html.card;
import static dev.clientele.report.Html.count;
import static dev.clientele.report.Html.esc;
import static dev.clientele.report.Html.figure;
import static dev.clientele.report.Html.notAvailable;
import static dev.clientele.report.Html.num;
import static dev.clientele.report.Html.section;
import static dev.clientele.report.Html.th;

import dev.clientele.report.ReportData.Headline;
import dev.clientele.report.ReportData.ModelFit;
import dev.clientele.report.ReportData.QuarantineCount;
import dev.clientele.report.ReportData.SourceQuality;
import dev.clientele.schema.Tables;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS, charts as PNG data URIs,
 * no script and no link to anything outside the file, so it opens offline. Pure: data in, text out.
 */
public final class ReportHtml {
  /** Two figures are "the same" when they differ by less than this (doubles from two paths). */
  static final double SAME = 1e-9;

  private ReportHtml() {}

  public static String render(ReportData d) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>clientele report ")
        .append(esc(d.asOf()))
        .append("</title><style>")
        .append(Html.CSS)
        .append("</style></head><body>\n<header><h1>Customer report as of ")
        .append(esc(d.asOf()))
        .append("</h1><p>Run <code>")
        .append(esc(d.runId()))
        .append("</code> · generated ")
        .append(esc(d.generatedAt()))
        .append("</p></header>\n<main>\n");
    b.append(headline(d.headline(), d.models(), d.holdout()));
    b.append(ChartSections.pareto(d.pareto()));
    b.append(ChartSections.rfm(d.rfmGrid()));
    b.append(SegmentSections.segments(d.segments()));
    b.append(ChartSections.clv(d.clvHistogram(), d.holdout()));
    b.append(ChartSections.transitions(d.transitions()));
    b.append(SegmentSections.personas(d.personas()));
    b.append(quality(d.sources(), d.quarantine()));
    return b.append("</main></body></html>\n").toString();
  }

  static String headline(Headline h, List<ModelFit> models, ReportData.Holdout holdout) {
    if (h == null) {
      return section("headline", "Headline figures", notAvailable(Tables.CUSTOMER_METRICS));
    }
    StringBuilder b = new StringBuilder("<div class=\"cards\">\n");
    b.append(card("Customers", figure("customers", h.customers(), count(h.customers()))));
    b.append(
        card(
            "Active customers",
            figure("active_customers", h.activeCustomers(), count(h.activeCustomers()))));
    b.append(
        card(
            "Net revenue",
            figure(
                "revenue",
                h.revenue() == null ? null : h.revenue().toPlainString(),
                Html.money(h.revenue()))));
    b.append(
        card(
            "Revenue share of top 20 %",
            figure("top20_revenue_share", h.top20RevenueShare(), Html.pct(h.top20RevenueShare()))));
    b.append(card("Gini coefficient", figure("gini", h.gini(), num(h.gini(), 3))));
    b.append("</div>\n")
        .append(crossCheck("top 20 % share", h.top20RevenueShare(), h.reportedTop20RevenueShare()));
    b.append(crossCheck("Gini", h.gini(), h.reportedGini()));
    b.append("<h3>Customers per lifecycle status</h3><table>").append(th("status", "customers"));
    for (Map.Entry<String, Long> e : h.lifecycle().entrySet()) {
      b.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td>")
          .append(figure("lifecycle_" + e.getKey(), e.getValue(), count(e.getValue())))
          .append("</td></tr>\n");
    }
    b.append("</table>\n").append(modelFit(models, holdout));
    return section("headline", "Headline figures", b.toString());
  }

  /** The score stage's own figure, when at hand, must equal the one computed here. */
  private static String crossCheck(String what, Double computed, Double reported) {
    if (reported == null || computed == null || Math.abs(reported - computed) < SAME) {
      return "";
    }
    return "<p class=\"warn\">The score stage reported "
        + esc(what)
        + " = "
        + esc(reported)
        + ", the tables give "
        + esc(computed)
        + ".</p>\n";
  }

  private static String modelFit(List<ModelFit> models, ReportData.Holdout holdout) {
    StringBuilder b = new StringBuilder("<h3>Model fit quality</h3>\n");
    if (models == null) {
      b.append(notAvailable(Tables.CLV_MODEL));
    } else if (models.isEmpty()) {
      b.append(Html.noRows(Tables.CLV_MODEL));
    } else {
      b.append("<table class=\"textlast\">")
          .append(
              th("model", "status", "holdout MAE", "log-likelihood", "customers", "parameters"));
      for (ModelFit m : models) {
        StringBuilder params = new StringBuilder();
        m.parameters()
            .forEach(
                (k, v) -> params.append(esc(k)).append(" = ").append(esc(num(v, 4))).append("; "));
        b.append("<tr><td>")
            .append(esc(m.model()))
            .append(Boolean.TRUE.equals(m.selected()) ? " (used)" : "")
            .append("</td><td>")
            .append(m.status() == null ? "–" : esc(m.status()))
            .append("</td><td>")
            .append(
                m.holdoutMae() == null
                    ? "–"
                    : figure("holdout_mae_" + m.model(), m.holdoutMae(), num(m.holdoutMae(), 3)))
            .append("</td><td>")
            .append(
                figure("log_likelihood_" + m.model(), m.logLikelihood(), num(m.logLikelihood(), 2)))
            .append("</td><td>")
            .append(m.customers() == null ? "–" : count(m.customers()))
            .append("</td><td>")
            .append(params)
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
      for (ModelFit m : models) {
        if (m.reason() != null) {
          b.append("<p class=\"warn\">")
              .append(esc(m.model()))
              .append(": ")
              .append(esc(m.reason()))
              .append("</p>\n");
        }
      }
    }
    if (holdout == null) {
      b.append(notAvailable(Tables.CLV_HOLDOUT));
    } else {
      b.append("<p>Holdout mean absolute error of purchases per customer (")
          .append(holdout.holdoutDays())
          .append(" days): ")
          .append(figure("holdout_mae", holdout.mae(), num(holdout.mae(), 3)))
          .append("</p>\n");
    }
    return b.toString();
  }

  static String quality(List<SourceQuality> sources, List<QuarantineCount> quarantine) {
    StringBuilder b = new StringBuilder("<h3>Rows per source (ingest of this as-of date)</h3>\n");
    if (sources == null) {
      b.append(
          "<p class=\"na\">Not available: no ingest stage in this run's summary or in a "
              + "successful run of this date.</p>\n");
    } else {
      b.append("<table class=\"textlast\">")
          .append(th("source", "read", "accepted", "quarantined", "reasons"));
      for (SourceQuality s : sources) {
        String src = Html.slug(s.source());
        StringBuilder reasons = new StringBuilder();
        s.reasons()
            .forEach((k, v) -> reasons.append(esc(k)).append(": ").append(count(v)).append("; "));
        b.append(
            Html.tr(
                "",
                esc(s.source()),
                figure("read_" + src, s.read(), count(s.read())),
                figure("accepted_" + src, s.accepted(), count(s.accepted())),
                figure("quarantined_" + src, s.quarantined(), count(s.quarantined())),
                reasons.toString()));
      }
      b.append("</table>\n");
    }
    b.append("<h3>Quarantined rows by source and reason</h3>\n");
    if (quarantine == null) {
      b.append(notAvailable(Tables.QUARANTINE));
    } else {
      b.append("<table class=\"text2\">")
          .append(th("source", "reason", "rows (all runs)", "rows (this run)"));
      for (QuarantineCount q : quarantine) {
        b.append(
            Html.tr(
                Html.attr("data-quarantine", q.source() + "/" + q.reason())
                    + Html.attr("data-rows", q.rows())
                    + Html.attr("data-rows-this-run", q.rowsThisRun()),
                esc(q.source()),
                esc(q.reason()),
                count(q.rows()),
                count(q.rowsThisRun())));
      }
      b.append("</table>\n");
    }
    return section("data-quality", "Data quality", b.toString());
  }
}
