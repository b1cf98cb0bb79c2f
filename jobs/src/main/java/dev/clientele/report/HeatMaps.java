package dev.clientele.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Categorical heat maps (RFM grid, segment transitions): a block per (column, row) coloured by its
 * count, with the cell's text written in the block so the PNG reads without tooltips.
 */
public final class HeatMaps {
  private HeatMaps() {}

  /**
   * The grid whose cell {@code [row][col]} has {@code values[row][col]} (null: empty cell) and the
   * label {@code text[row][col]}; rows go bottom to top in list order, or top down.
   */
  public record Grid(
      String title,
      String columnLabel,
      List<String> columns,
      String rowLabel,
      List<String> rows,
      Double[][] values,
      String[][] text,
      RowOrder rowOrder) {}

  /** RFM scores grow upwards; a transition matrix reads top-down like a table. */
  public enum RowOrder {
    BOTTOM_UP,
    TOP_DOWN
  }

  public static JFreeChart chart(Grid g) {
    int n = g.rows().size() * g.columns().size();
    double[][] xyz = new double[3][n];
    double max = 0;
    int i = 0;
    for (int row = 0; row < g.rows().size(); row++) {
      for (int col = 0; col < g.columns().size(); col++) {
        Double v = g.values()[row][col];
        xyz[0][i] = col;
        xyz[1][i] = row;
        xyz[2][i] = v == null ? Double.NaN : v;
        max = v == null ? max : Math.max(max, v);
        i++;
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("cells", xyz);
    SymbolAxis x = new SymbolAxis(g.columnLabel(), g.columns().toArray(new String[0]));
    SymbolAxis y = new SymbolAxis(g.rowLabel(), g.rows().toArray(new String[0]));
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    y.setInverted(g.rowOrder() == RowOrder.TOP_DOWN);
    XYBlockRenderer r = new XYBlockRenderer();
    BlueScale scale = new BlueScale(Math.max(max, 1));
    r.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    annotate(plot, g, max);
    JFreeChart chart = new JFreeChart(g.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    ReportCharts.style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void annotate(XYPlot plot, Grid g, double max) {
    int cells = g.rows().size() * g.columns().size();
    int size = cells > 64 ? 9 : 12;
    for (int row = 0; row < g.rows().size(); row++) {
      for (int col = 0; col < g.columns().size(); col++) {
        String text = g.text()[row][col];
        if (text == null || text.isEmpty()) {
          continue;
        }
        XYTextAnnotation a = new XYTextAnnotation(text, col, row);
        a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        Double v = g.values()[row][col];
        boolean dark = v != null && max > 0 && v / max > 0.55;
        a.setPaint(dark ? Color.WHITE : new Color(0x1a, 0x20, 0x2c));
        plot.addAnnotation(a);
      }
    }
  }

  /** White (zero) to dark blue (the largest count); empty cells stay white. */
  private record BlueScale(double upper) implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return Color.WHITE;
      }
      double t = Math.max(0, Math.min(1, value / upper));
      // Square root so small counts are still visibly tinted next to a large one.
      t = Math.sqrt(t);
      return new Color(mix(0xeb, 0x1a, t), mix(0xf4, 0x4e, t), mix(0xff, 0x8a, t));
    }

    private static int mix(int from, int to, double t) {
      return (int) Math.round(from + (to - from) * t);
    }
  }
}
