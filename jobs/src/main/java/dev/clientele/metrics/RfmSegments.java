package dev.clientele.metrics;

import static dev.clientele.schema.Cols.F_SCORE;
import static dev.clientele.schema.Cols.M_SCORE;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.RFM_SEGMENT;
import static dev.clientele.schema.Cols.R_SCORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.RfmSettings.SegmentRule;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Named RFM segments from an ordered rule list: the first rule whose r, f and m ranges all hold
 * wins, the default segment takes the rest, so every customer with a purchase gets exactly one
 * segment. Customers without a purchase get null.
 */
public final class RfmSegments {
  private RfmSegments() {}

  public static Dataset<Row> assign(Dataset<Row> scored, List<SegmentRule> rules, String fallback) {
    Column segment = null;
    for (SegmentRule rule : rules) {
      Column match =
          col(R_SCORE)
              .between(rule.rLo(), rule.rHi())
              .and(col(F_SCORE).between(rule.fLo(), rule.fHi()))
              .and(col(M_SCORE).between(rule.mLo(), rule.mHi()));
      segment = segment == null ? when(match, rule.name()) : segment.when(match, rule.name());
    }
    segment = segment == null ? lit(fallback) : segment.otherwise(fallback);
    return scored.withColumn(RFM_SEGMENT, when(col(ORDER_COUNT).gt(0), segment));
  }
}
