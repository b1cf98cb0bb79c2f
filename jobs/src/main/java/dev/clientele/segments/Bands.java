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
   * Two approximate quantiles (relative error 0.1%) of the non-null values; empty when there are
   * none. Brings two numbers to the driver.
   */
  static double[] cutPoints(Dataset<Row> view, String column, double lower, double upper) {
    Dataset<Row> values =
        view.select(col(column).cast(DataTypes.DoubleType).as(column))
            .where(col(column).isNotNull());
    double[] q = values.stat().approxQuantile(column, new double[] {lower, upper}, 0.001);
    return q.length == 2 ? q : new double[0];
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
