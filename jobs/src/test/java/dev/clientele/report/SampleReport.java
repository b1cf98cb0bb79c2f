package dev.clientele.report;

import dev.clientele.report.ReportData.ClvBucket;
import dev.clientele.report.ReportData.ClvHistogram;
import dev.clientele.report.ReportData.Holdout;
import dev.clientele.report.ReportData.HoldoutRow;
import dev.clientele.report.ReportData.ModelFit;
import dev.clientele.report.ReportData.Pareto;
import dev.clientele.report.ReportData.ParetoPoint;
import dev.clientele.report.ReportData.Persona;
import dev.clientele.report.ReportData.QuarantineCount;
import dev.clientele.report.ReportData.RfmCell;
import dev.clientele.report.ReportData.SegmentRow;
import dev.clientele.report.ReportData.SourceQuality;
import dev.clientele.report.ReportData.TransitionRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A filled-in report of made-up numbers for the pure HTML tests. */
final class SampleReport {
  private SampleReport() {}

  static ReportData data() {
    LocalDate prev = LocalDate.of(2024, 5, 31);
    List<ParetoPoint> curve = new ArrayList<>();
    for (int p = 0; p <= 100; p++) {
      curve.add(new ParetoPoint(p, 1 - Math.pow(1 - p / 100.0, 3)));
    }
    List<RfmCell> rfm = new ArrayList<>();
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        rfm.add(new RfmCell(r, f, 10L * r * f, 20.0 * f + r));
      }
    }
    return new ReportData(
        "run-sample",
        LocalDate.of(2024, 6, 30),
        "2024-07-01T02:00:00Z",
        ReportHtmlTest.headline(0.25),
        new Pareto(curve, 0.26, 0.63, 0.8, 0.95),
        rfm,
        List.of(
            new SegmentRow("rfm", "Champions", 120, 0.2, new BigDecimal("52000.00"), 800.0, 5.0),
            new SegmentRow("rfm", "At Risk", 300, 0.5, new BigDecimal("21000.00"), 90.0, 200.0),
            new SegmentRow("rfm", "Hibernating", 180, 0.3, new BigDecimal("4000.00"), 10.0, 400.0)),
        new ClvHistogram(
            List.of(
                new ClvBucket(1, 2, 4),
                new ClvBucket(2, 5, 9),
                new ClvBucket(5, 10, 20),
                new ClvBucket(10, 20, 31),
                new ClvBucket(20, 50, 25),
                new ClvBucket(50, 100, 12),
                new ClvBucket(100, 200, 6),
                new ClvBucket(500, 1000, 1)),
            7),
        List.of(new ModelFit("bgnbd", -9582.43, 2357L, Map.of("r", 0.243))),
        new Holdout(
            90,
            LocalDate.of(2024, 4, 1),
            0.125,
            List.of(
                new HoldoutRow("0", 300, 0.2, 0.25),
                new HoldoutRow("1", 120, 0.6, 0.55),
                new HoldoutRow("7+", 10, 4.1, 3.9))),
        List.of(
            new TransitionRow("rfm", prev, "Champions", "Champions", 100),
            new TransitionRow("rfm", prev, "At Risk", "Champions", 20),
            new TransitionRow("rfm", prev, "Champions", "At Risk", 15),
            new TransitionRow("rfm", prev, null, "Hibernating", 30)),
        List.of(
            new Persona(0, "Big spenders", 200, 0.33, Map.of("mean_monetary_net", 400.0)),
            new Persona(1, "Occasional", 400, 0.67, Map.of("mean_monetary_net", 60.0))),
        List.of(new SourceQuality("pos", 1000, 990, 10, Map.of("bad_amount", 10L))),
        List.of(new QuarantineCount("pos", "bad_amount", 10, 10)));
  }
}
