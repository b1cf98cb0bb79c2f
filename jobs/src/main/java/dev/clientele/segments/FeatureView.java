package dev.clientele.segments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one flat, documented view (docs/segments.md) that segment rules and clusters are written
 * against: one row per customer known at the as-of date, with the profile (without direct
 * identifiers), the snapshot's metrics and CLV, interests and derived bands.
 */
public final class FeatureView {
  /** Profile columns left out: raw personal data never reaches segment outputs. */
  static final List<String> DIRECT_IDENTIFIERS =
      List.of(Cols.EMAIL, Cols.PHONE, Cols.FIRST_NAME, Cols.LAST_NAME, Cols.ADDRESS_LINE);

  private static final String[] AUDIT = {Cols.RUN_ID, Cols.COMPUTED_AT_TS, Cols.SNAPSHOT_DATE};

  private FeatureView() {}

  /**
   * The inputs; {@code customerEvents} (events mapped to customers, {@code io/CustomerEvents}) may
   * be null (no page views).
   */
  public record Inputs(
      Dataset<Row> profiles,
      Dataset<Row> metrics,
      Dataset<Row> clv,
      Dataset<Row> transactions,
      Dataset<Row> customerEvents) {}

  /**
   * @param asOf the snapshot date; {@code end} the exclusive end of that day
   * @param onlineShare online share at or above which a buyer is 'online' (at or below one minus
   *     it: 'offline'; between: 'omnichannel')
   * @param personalAttributes attr_ columns of personal custom attributes, left out
   */
  public record Params(
      LocalDate asOf, Timestamp end, double onlineShare, List<String> personalAttributes) {
    public Params(LocalDate asOf, Timestamp end, double onlineShare) {
      this(asOf, end, onlineShare, List.of());
    }
  }

  public static Dataset<Row> build(Inputs in, Params p) {
    Dataset<Row> profiles =
        in.profiles()
            .drop(DIRECT_IDENTIFIERS.toArray(String[]::new))
            // Custom attributes declared personal (clientele.attributes.<name>.personal) likewise.
            .drop(p.personalAttributes().toArray(String[]::new))
            .drop(AUDIT)
            .where(
                col("first_seen_date")
                    .isNull()
                    .or(col("first_seen_date").leq(lit(Date.valueOf(p.asOf())))));
    Dataset<Row> metrics = in.metrics().drop(AUDIT).drop(Cols.IS_MARKETABLE);
    Dataset<Row> clv = in.clv().drop(AUDIT);
    String[] key = {Cols.CUSTOMER_ID};
    Dataset<Row> joined =
        profiles
            .join(metrics, key, "left")
            .join(clv, key, "left")
            .join(Interests.fromTransactions(in.transactions(), p.end()), key, "left");
    if (in.customerEvents() != null) {
      joined = joined.join(Interests.fromEvents(in.customerEvents(), p.end()), key, "left");
    } else {
      joined =
          joined
              .withColumn("page_views", lit(null).cast(DataTypes.LongType))
              .withColumn("top_page_category", lit(null).cast(DataTypes.StringType));
    }
    return withBands(joined, p);
  }

  /** Adds the derived bands; basket and CLV cut-points are quantiles of this population. */
  static Dataset<Row> withBands(Dataset<Row> view, Params p) {
    double[][] q =
        Bands.quantiles(
            view,
            new String[] {Cols.AVG_ORDER_VALUE, Cols.CLV_PREDICTED},
            new double[] {1.0 / 3, 2.0 / 3, 0.5, 0.8});
    double[] basket = Bands.cuts(q[0], 0, 1);
    double[] value = Bands.cuts(q[1], 2, 3);
    Column firstKnown = least(col("first_seen_date"), col(Cols.FIRST_PURCHASE_DATE));
    return view.withColumn("channel_preference", channelPreference(p.onlineShare()))
        .withColumn("purchase_frequency_band", frequencyBand(col(Cols.ORDER_COUNT)))
        .withColumn("basket_band", Bands.band(col(Cols.AVG_ORDER_VALUE), basket))
        .withColumn("clv_band", Bands.band(col(Cols.CLV_PREDICTED), value))
        .withColumn("tenure_days", datediff(lit(Date.valueOf(p.asOf())), firstKnown));
  }

  static Column channelPreference(double share) {
    Column s = col("online_share");
    return when(s.isNull(), lit(null).cast(DataTypes.StringType))
        .when(s.geq(share), "online")
        .when(s.leq(1 - share), "offline")
        .otherwise("omnichannel");
  }

  /** none (0 orders), one-off (1), occasional (2-3), regular (4-9), frequent (10+). */
  static Column frequencyBand(Column orders) {
    Column n = coalesce(orders, lit(0));
    return when(n.leq(0), "none")
        .when(n.equalTo(1), "one-off")
        .when(n.leq(3), "occasional")
        .when(n.leq(9), "regular")
        .otherwise("frequent");
  }
}
