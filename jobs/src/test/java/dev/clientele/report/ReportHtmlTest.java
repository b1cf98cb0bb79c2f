package dev.clientele.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.report.ReportData.ClvBucket;
import dev.clientele.report.ReportData.Headline;
import dev.clientele.report.ReportData.Persona;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTML builder alone, without Spark: data records in, a page out. */
class ReportHtmlTest {
  static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

  static Headline headline(Double reportedGini) {
    Map<String, Long> lifecycle = new LinkedHashMap<>();
    lifecycle.put("new", 3L);
    lifecycle.put("lost", 1L);
    return new Headline(4, 3, new BigDecimal("10.50"), 4, 0.5, 0.25, 0.5, reportedGini, lifecycle);
  }

  static ReportData onlyHeadline(Headline h) {
    return new ReportData(
        "r", AS_OF, "now", h, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void aGiniThatDiffersFromScoresIsFlagged() {
    String agrees = ReportHtml.render(onlyHeadline(headline(0.25)));
    assertFalse(agrees.contains("class=\"warn\""), "equal figures: no warning");
    String differs = ReportHtml.render(onlyHeadline(headline(0.3)));
    assertTrue(
        differs.contains("The score stage reported Gini = 0.3, the tables give 0.25"),
        "a different Gini is shown with both values");
  }

  @Test
  void figuresCarryExactValuesAndTextIsEscaped() {
    Persona p = new Persona(0, "<b>Big & loyal</b>", 7, 1.0, Map.of("mean_x", 1.5));
    ReportData d =
        new ReportData(
            "r<1>",
            AS_OF,
            "now",
            headline(null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(p),
            null,
            null);
    String html = ReportHtml.render(d);
    HtmlProbe probe = new HtmlProbe(html);
    assertEquals("10.50", probe.figure("revenue"), "money keeps its two decimals");
    assertEquals(3, probe.figureLong("lifecycle_new"), "lifecycle count");
    assertTrue(html.contains("&lt;b&gt;Big &amp; loyal&lt;/b&gt;"), "labels are escaped");
    assertTrue(html.contains("r&lt;1&gt;"), "the run id is escaped");
    assertFalse(html.contains("<b>Big"), "no raw markup from data");
    probe.chart("chart-personas");
  }

  @Test
  void histogramBarsAreDrawnWhereTheirBucketsAre() {
    // One bucket [100, 200): the bar's blue must appear in the chart, nothing else is plotted.
    BufferedImage img =
        new HtmlProbe(
                Html.chart(
                    "chart-x",
                    "t",
                    ReportCharts.pngDataUri(
                        ReportCharts.clvHistogram(List.of(new ClvBucket(100, 200, 5))), 600, 300),
                    null))
            .chart("chart-x");
    assertTrue(countColour(img, ReportCharts.BLUE) > 500, "the bar is drawn in blue");
  }

  /** Renders the sample report of {@link ReportStageTest}'s numbers without Spark, to look at. */
  @Test
  void sampleReportRendersEverySection() throws Exception {
    String html = ReportHtml.render(SampleReport.data());
    HtmlProbe probe = new HtmlProbe(html);
    for (String id :
        List.of(
            "chart-pareto",
            "chart-rfm",
            "chart-segments-rfm",
            "chart-clv-histogram",
            "chart-clv-holdout",
            "chart-transitions-rfm",
            "chart-personas")) {
      probe.chart(id);
    }
    String keep = System.getProperty("clientele.report.keep-pure");
    if (keep != null) {
      Files.writeString(Path.of(keep), html);
    }
  }

  static int countColour(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += (img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void modelChoiceHoldoutErrorsAndFitFailuresAreShown() {
    List<ReportData.ModelFit> models =
        List.of(
            new ReportData.ModelFit(
                "bgnbd", -9582.43, 2357L, Map.of("r", 0.243), "fitted", null, false, 0.61),
            new ReportData.ModelFit(
                "pareto_nbd", -9594.97, 2357L, Map.of("r", 0.553), "fitted", null, true, 0.59),
            new ReportData.ModelFit(
                "gamma_gamma",
                null,
                0L,
                new LinkedHashMap<>(),
                "failed",
                "model: Gamma-Gamma cannot be fitted: no repeat customer",
                false,
                null));
    String html =
        ReportHtml.render(
            new ReportData(
                "r",
                AS_OF,
                "now",
                headline(null),
                null,
                null,
                null,
                null,
                models,
                null,
                null,
                null,
                null,
                null));
    HtmlProbe probe = new HtmlProbe(html);
    assertEquals(0.61, Double.parseDouble(probe.figure("holdout_mae_bgnbd")), 1e-12, "BG/NBD MAE");
    assertEquals(0.59, Double.parseDouble(probe.figure("holdout_mae_pareto_nbd")), 1e-12, "P/NBD");
    assertTrue(html.contains("pareto_nbd (used)"), "the model used is marked");
    assertFalse(html.contains("bgnbd (used)"), "only that one");
    assertTrue(
        html.contains(
            "<p class=\"warn\">gamma_gamma: model: Gamma-Gamma cannot be fitted: no repeat"
                + " customer</p>"),
        "the failure's reason is shown");
  }
}
