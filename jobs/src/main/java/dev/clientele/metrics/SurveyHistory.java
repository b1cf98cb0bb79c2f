package dev.clientele.metrics;

import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.NPS_BAND;
import static dev.clientele.schema.Cols.NPS_LATEST;
import static dev.clientele.schema.Cols.NPS_SCORE;
import static dev.clientele.schema.Cols.RESPONSE_DATE;
import static dev.clientele.schema.Cols.SATISFACTION;
import static dev.clientele.schema.Cols.SATISFACTION_LATEST;
import static dev.clientele.schema.Cols.SATISFACTION_MEAN;
import static dev.clientele.schema.Cols.SATISFACTION_TREND;
import static dev.clientele.schema.Cols.SURVEY_RESPONSES;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Survey history as of the snapshot date (docs/metrics.md "Payments and surveys"): the latest, mean
 * and trend of satisfaction, and the NPS band of the latest NPS answer. Answers of one day are one
 * observation of "latest" (their mean satisfaction, their lowest NPS answer: the cautious reading),
 * so the result does not depend on row order.
 */
public final class SurveyHistory {
  /** The trend is a slope per day scaled to this many days: points per year. */
  static final double TREND_DAYS = 365.0;

  private SurveyHistory() {}

  /** Answers from {@code fromInclusive} (null: no lower bound) to the as-of day included. */
  public static Dataset<Row> inWindow(Dataset<Row> answers, LocalDate from, LocalDate asOf) {
    return CustomerFacts.datedWithin(answers, RESPONSE_DATE, from, asOf);
  }

  /**
   * One row per customer with an answer (customer_id, response_date, satisfaction, nps_score;
   * already in the window): survey_responses, satisfaction_latest, satisfaction_mean,
   * satisfaction_trend, nps_latest, nps_band.
   */
  public static Dataset<Row> perCustomer(Dataset<Row> answers, LocalDate asOf) {
    // x: days from the as-of day (<= 0), small numbers for the least-squares sums.
    Column x = datediff(col(RESPONSE_DATE), lit(Date.valueOf(asOf))).cast("double");
    Column y = col(SATISFACTION);
    Column scored = y.isNotNull();
    Dataset<Row> daily =
        answers
            .where(col(CUSTOMER_ID).isNotNull())
            .withColumn("_x", x)
            .groupBy(CUSTOMER_ID, RESPONSE_DATE)
            .agg(
                count(lit(1)).as("_answers"),
                avg(y).as("_day_satisfaction"),
                min(col(NPS_SCORE)).as("_day_nps"),
                count(when(scored, lit(1))).as("_n"),
                sum(when(scored, col("_x"))).as("_sx"),
                sum(when(scored, y)).as("_sy"),
                sum(when(scored, col("_x").multiply(col("_x")))).as("_sxx"),
                sum(when(scored, col("_x").multiply(y))).as("_sxy"));
    // The latest day with a value: a struct compares field by field, and a null date sorts first.
    Column latestSatisfaction =
        max(struct(
                when(col("_day_satisfaction").isNotNull(), col(RESPONSE_DATE)).as("d"),
                col("_day_satisfaction").as("v")))
            .getField("v");
    Column latestNps =
        max(struct(
                when(col("_day_nps").isNotNull(), col(RESPONSE_DATE)).as("d"),
                col("_day_nps").as("v")))
            .getField("v");
    Column n = col("_n").cast("double");
    Column denominator = n.multiply(col("_sxx")).minus(col("_sx").multiply(col("_sx")));
    Column slope =
        n.multiply(col("_sxy"))
            .minus(col("_sx").multiply(col("_sy")))
            .divide(denominator)
            .multiply(lit(TREND_DAYS));
    return daily
        .groupBy(CUSTOMER_ID)
        .agg(
            sum("_answers").as(SURVEY_RESPONSES),
            latestSatisfaction.as(SATISFACTION_LATEST),
            latestNps.as(NPS_LATEST),
            sum("_n").as("_n"),
            sum("_sx").as("_sx"),
            sum("_sy").as("_sy"),
            sum("_sxx").as("_sxx"),
            sum("_sxy").as("_sxy"))
        .withColumn(SATISFACTION_MEAN, when(col("_n").gt(0), col("_sy").divide(col("_n"))))
        // One answer day (or none scored): no slope. The denominator is n times the variance of x.
        .withColumn(SATISFACTION_TREND, when(denominator.gt(1e-9), slope))
        .withColumn(NPS_BAND, band(col(NPS_LATEST)))
        .drop("_n", "_sx", "_sy", "_sxx", "_sxy");
  }

  /** The standard NPS bands of a 0..10 answer. */
  static Column band(Column nps) {
    return when(nps.geq(9), lit("promoter"))
        .when(nps.geq(7), lit("passive"))
        .when(nps.isNotNull(), lit("detractor"));
  }

  /** The customers with their survey columns; survey_responses 0 and the rest null without one. */
  public static Dataset<Row> attach(Dataset<Row> customers, Dataset<Row> perCustomer) {
    return customers
        .join(perCustomer, new String[] {CUSTOMER_ID}, "left")
        .withColumn(SURVEY_RESPONSES, coalesce(col(SURVEY_RESPONSES), lit(0L)));
  }
}
