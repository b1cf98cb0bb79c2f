package dev.clientele.report;

import dev.clientele.Errors;
import dev.clientele.report.ReportData.ClvBucket;
import dev.clientele.report.ReportData.HoldoutRow;
import dev.clientele.report.ReportData.Pareto;
import dev.clientele.report.ReportData.ParetoPoint;
import dev.clientele.report.ReportData.Persona;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Base64;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart and encoded as PNG data URIs so the HTML needs no
 * other file and no network. Pure: data in, image out. Heat maps are in {@link HeatMaps}.
 */
public final class ReportCharts {
  static final Color BLUE = new Color(0x2b, 0x6c, 0xb0);
  static final Color ORANGE = new Color(0xdd, 0x6b, 0x20);
  static final Color GREY = new Color(0x71, 0x80, 0x96);

  static {
    // Charts are drawn on servers and in CI with no display.
    System.setProperty("java.awt.headless", "true");
  }

  private ReportCharts() {}

  /** A chart as a {@code data:image/png;base64,...} URI. */
  public static String pngDataUri(JFreeChart chart, int width, int height) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
      return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (IOException e) {
      throw Errors.internal("cannot encode chart '" + chart.getTitle().getText() + "'", e);
    }
  }

  /** The Lorenz curve with the equality line, the A threshold line and the ABC boundaries. */
  public static JFreeChart pareto(Pareto p) {
    XYSeries curve = new XYSeries("Revenue share");
    for (ParetoPoint pt : p.curve()) {
      curve.add(pt.customerSharePct() / 100.0, pt.revenueShare());
    }
    XYSeries equality = new XYSeries("Equal spend");
    equality.add(0.0, 0.0);
    equality.add(1.0, 1.0);
    XYSeriesCollection data = new XYSeriesCollection(curve);
    data.addSeries(equality);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Pareto curve",
            "Share of customers (top first)",
            "Share of revenue",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = style(chart).getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, BLUE);
    r.setSeriesStroke(0, new BasicStroke(2.5f));
    r.setSeriesPaint(1, GREY);
    r.setSeriesStroke(1, dashed());
    plot.setRenderer(r);
    percentAxis((NumberAxis) plot.getDomainAxis());
    percentAxis((NumberAxis) plot.getRangeAxis());
    for (double share : new double[] {p.aRevenueThreshold(), p.bRevenueThreshold()}) {
      ValueMarker line = marker(share, pct(share) + " of revenue");
      line.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      line.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
      plot.addRangeMarker(line);
    }
    if (p.aCustomerShare() != null) {
      plot.addDomainMarker(marker(p.aCustomerShare(), "end of A"));
    }
    if (p.abCustomerShare() != null) {
      plot.addDomainMarker(marker(p.abCustomerShare(), "end of B"));
    }
    return chart;
  }

  /** Histogram of customers per predicted-CLV bucket on a logarithmic value axis. */
  public static JFreeChart clvHistogram(List<ClvBucket> buckets) {
    XYIntervalSeries s = new XYIntervalSeries("Customers");
    for (ClvBucket b : buckets) {
      double mid = Math.sqrt(b.lower() * b.upper());
      s.add(mid, b.lower(), b.upper(), b.customers(), b.customers(), b.customers());
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(s);
    LogAxis x = new LogAxis("Predicted CLV (log scale)");
    x.setBase(10);
    x.setSmallestValue(1e-2);
    x.setTickUnit(new NumberTickUnit(1.0));
    x.setNumberFormatOverride(
        new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
    if (!buckets.isEmpty()) {
      double lo = buckets.stream().mapToDouble(ClvBucket::lower).min().orElse(1);
      double hi = buckets.stream().mapToDouble(ClvBucket::upper).max().orElse(10);
      // Whole decades around the data, so every tick is a power of ten.
      x.setRange(Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi))));
    }
    NumberAxis y = new NumberAxis("Customers");
    y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYBarRenderer r = new XYBarRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, BLUE);
    r.setDrawBarOutline(true);
    r.setSeriesOutlinePaint(0, Color.WHITE);
    JFreeChart chart =
        new JFreeChart(
            "Predicted CLV distribution",
            JFreeChart.DEFAULT_TITLE_FONT,
            new XYPlot(data, x, y, r),
            false);
    return style(chart);
  }

  /** Mean actual versus predicted purchases in the holdout period, per frequency group. */
  public static JFreeChart holdout(List<HoldoutRow> rows) {
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (HoldoutRow row : rows) {
      d.addValue(row.actual(), "Actual", row.frequencyGroup());
      d.addValue(row.predicted(), "Predicted", row.frequencyGroup());
    }
    return bars(
        "Holdout: purchases per customer",
        "Repeat purchases in calibration",
        "Mean purchases",
        d,
        PlotOrientation.VERTICAL);
  }

  /** Horizontal bars of one number per segment of a family (customers or revenue). */
  public static <T> JFreeChart segmentBars(
      String title,
      String valueLabel,
      List<T> rows,
      java.util.function.Function<T, String> name,
      ToDoubleFunction<T> value) {
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (T row : rows) {
      d.addValue(value.applyAsDouble(row), valueLabel, name.apply(row));
    }
    return bars(title, "", valueLabel, d, PlotOrientation.HORIZONTAL);
  }

  /** Customers per cluster persona. */
  public static JFreeChart personas(List<Persona> personas) {
    return segmentBars(
        "Behavioural clusters",
        "Customers",
        personas,
        p -> p.cluster() + " " + (p.label() == null ? "" : p.label()),
        p -> p.customers());
  }

  private static JFreeChart bars(
      String title,
      String catLabel,
      String valueLabel,
      DefaultCategoryDataset d,
      PlotOrientation o) {
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, catLabel, valueLabel, d, o, d.getRowCount() > 1, false, false);
    CategoryPlot plot = style(chart).getCategoryPlot();
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, BLUE);
    r.setSeriesPaint(1, ORANGE);
    r.setItemMargin(0.05);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    if (valueLabel.equals("Customers")) {
      plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    return chart;
  }

  static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    chart.getPlot().setBackgroundPaint(new Color(0xf7, 0xfa, 0xfc));
    if (chart.getPlot() instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(new Color(0xcb, 0xd5, 0xe0));
      xy.setRangeGridlinePaint(new Color(0xcb, 0xd5, 0xe0));
    } else if (chart.getPlot() instanceof CategoryPlot cp) {
      cp.setRangeGridlinePaint(new Color(0xcb, 0xd5, 0xe0));
    }
    return chart;
  }

  private static ValueMarker marker(double value, String label) {
    ValueMarker m = new ValueMarker(value, ORANGE, dashed());
    m.setLabel(label);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    m.setLabelPaint(ORANGE.darker());
    m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 4));
    m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    return m;
  }

  private static BasicStroke dashed() {
    return new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  private static void percentAxis(NumberAxis axis) {
    axis.setRange(0.0, 1.0);
    axis.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(java.util.Locale.ROOT));
  }

  static String pct(double share) {
    return String.format(java.util.Locale.ROOT, "%.0f%%", share * 100);
  }
}
