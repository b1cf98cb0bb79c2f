package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import dev.clientele.schema.Cols;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compresses the customer summaries into weighted tuples for the fit. The driver receives only
 * distinct tuples, never customers: BG/NBD tuples are (x, t_x, T) in whole days, so their number is
 * bounded by the observation window (at most about days^2 * distinct x, in practice a few thousand
 * to a few hundred thousand), however many customers there are; Gamma-Gamma tuples are (x, mean
 * repeat value to the cent).
 */
public final class ClvTuples {
  private ClvTuples() {}

  /** Gamma-Gamma tuples plus the repeat customers excluded for a zero or negative mean value. */
  public record GammaGammaTuples(GammaGamma.Data data, long excluded) {}

  public static BgNbd.Data bgNbd(Dataset<Row> summary, double daysPerUnit) {
    // Small on purpose (see the class comment): distinct whole-day tuples with their counts.
    List<Row> rows =
        summary
            .groupBy(ClvSummary.X_DAYS, ClvSummary.T_X_DAYS, ClvSummary.T_DAYS)
            .agg(count(lit(1)).as("n"))
            .orderBy(ClvSummary.X_DAYS, ClvSummary.T_X_DAYS, ClvSummary.T_DAYS)
            .collectAsList();
    int n = rows.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      x[i] = r.getInt(0);
      tx[i] = r.getInt(1) / daysPerUnit;
      t[i] = r.getInt(2) / daysPerUnit;
      w[i] = r.getLong(3);
    }
    return new BgNbd.Data(x, tx, t, w);
  }

  public static GammaGammaTuples gammaGamma(Dataset<Row> summary) {
    // Small on purpose: repeat customers grouped by (x, mean value rounded to the cent).
    List<Row> rows =
        summary
            .where(col(ClvSummary.X_DAYS).gt(0))
            .groupBy(col(ClvSummary.X_DAYS), round(col(Cols.BTYD_MEAN_REPEAT_VALUE), 2).as("z"))
            .agg(count(lit(1)).as("n"))
            .orderBy(ClvSummary.X_DAYS, "z")
            .collectAsList();
    long excluded = 0;
    int kept = 0;
    int[] x = new int[rows.size()];
    double[] z = new double[rows.size()];
    double[] w = new double[rows.size()];
    for (Row r : rows) {
      if (r.getDouble(1) <= 0) {
        excluded += r.getLong(2);
        continue;
      }
      x[kept] = r.getInt(0);
      z[kept] = r.getDouble(1);
      w[kept] = r.getLong(2);
      kept++;
    }
    return new GammaGammaTuples(
        new GammaGamma.Data(
            java.util.Arrays.copyOf(x, kept),
            java.util.Arrays.copyOf(z, kept),
            java.util.Arrays.copyOf(w, kept)),
        excluded);
  }
}
