package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Low / medium / high bands of a value by two cut-points taken from the population. */
final class Bands {
  private Bands() {}

  /**
   * Approximate quantiles (relative error 0.1%) at {@code probabilities} of each column, in one
   * pass; nulls are ignored, and a column without values gets an empty array. Brings a few numbers
   * per column to the driver.
   */
  static double[][] quantiles(Dataset<Row> view, String[] columns, double[] probabilities) {
    Column[] doubles = new Column[columns.length];
    for (int i = 0; i < columns.length; i++) {
      doubles[i] = col(columns[i]).cast(DataTypes.DoubleType).as(columns[i]);
    }
    return view.select(doubles).stat().approxQuantile(columns, probabilities, 0.001);
  }

  /** Two of the quantiles as cut-points, or none when the column had no values. */
  static double[] cuts(double[] quantiles, int lower, int upper) {
    return quantiles == null || quantiles.length == 0
        ? new double[0]
        : new double[] {quantiles[lower], quantiles[upper]};
  }

  /**
   * 'low' below the first cut-point, 'high' at or above the second, else 'medium'; null stays null.
   */
  static Column band(Column value, double[] cuts) {
    if (cuts.length != 2) {
      return lit(null).cast(DataTypes.StringType);
    }
    return when(value.isNull(), lit(null).cast(DataTypes.StringType))
        .when(value.lt(cuts[0]), "low")
        .when(value.geq(cuts[1]), "high")
        .otherwise("medium");
  }
}
