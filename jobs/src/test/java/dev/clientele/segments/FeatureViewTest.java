package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.clientele.io.CustomerEvents;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class FeatureViewTest {
  private static final LocalDate AS_OF = LocalDate.of(2024, 1, 31);
  private static final Timestamp END = Timestamp.valueOf("2024-02-01 00:00:00");

  private static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }

  private static Dataset<Row> view() {
    Dataset<Row> profiles =
        df(
            StructType.fromDDL(
                "customer_id string, email string, phone string, first_name string,"
                    + " last_name string, address_line string, email_hash string, city string,"
                    + " is_marketable boolean, first_seen_date date, run_id string"),
            row(
                "c1",
                "a@x.fr",
                "+33600000001",
                "Ann",
                "Lee",
                "1 rue A",
                "h1",
                "Paris",
                true,
                Date.valueOf("2023-01-31"),
                "r"),
            row(
                "c2",
                "b@x.fr",
                null,
                "Bob",
                "Ray",
                null,
                "h2",
                "Lyon",
                false,
                Date.valueOf("2024-01-01"),
                "r"),
            // First seen after the as-of date: not a customer of this snapshot.
            row(
                "c3",
                null,
                null,
                "Cy",
                "Doe",
                null,
                "h3",
                "Nice",
                true,
                Date.valueOf("2024-02-05"),
                "r"));
    Dataset<Row> metrics =
        df(
            StructType.fromDDL(
                "snapshot_date date, customer_id string, order_count bigint, avg_order_value"
                    + " decimal(18,2), first_purchase_date date, is_marketable boolean,"
                    + " preferred_channel string"),
            row(
                Date.valueOf(AS_OF),
                "c1",
                3L,
                new BigDecimal("10.00"),
                Date.valueOf("2023-03-01"),
                false,
                "web"),
            row(
                Date.valueOf(AS_OF),
                "c2",
                12L,
                new BigDecimal("100.00"),
                Date.valueOf("2023-12-01"),
                true,
                "store"));
    Dataset<Row> clv =
        df(
            StructType.fromDDL("snapshot_date date, customer_id string, clv_predicted double"),
            row(Date.valueOf(AS_OF), "c1", 50.0),
            row(Date.valueOf(AS_OF), "c2", 500.0));
    Dataset<Row> tx =
        df(
            StructType.fromDDL(
                "customer_id string, channel string, event_ts timestamp,"
                    + " amount_base decimal(18,2), product_category string"),
            row("c1", "online", ts("2024-01-10 10:00:00"), new BigDecimal("30.00"), "outdoor"),
            row("c1", "offline", ts("2024-01-11 10:00:00"), new BigDecimal("10.00"), "books"),
            row("c1", "online", ts("2024-01-12 10:00:00"), new BigDecimal("-5.00"), "outdoor"),
            row("c1", "online", ts("2024-02-01 00:00:00"), new BigDecimal("100.00"), "books"),
            row("c2", "offline", ts("2024-01-20 10:00:00"), new BigDecimal("100.00"), "garden"),
            row(null, "offline", ts("2024-01-20 10:00:00"), new BigDecimal("70.00"), "garden"));
    Dataset<Row> events =
        df(
            StructType.fromDDL(
                "source string, customer_key string, event_ts timestamp,"
                    + " page_category string"),
            row("web", "k1", ts("2024-01-02 09:00:00"), "outdoor"),
            row("web", "k1", ts("2024-01-03 09:00:00"), "outdoor"),
            row("web", "k1", ts("2024-01-04 09:00:00"), "books"),
            row("web", "k1", ts("2024-02-04 09:00:00"), "books"),
            row("web", "k9", ts("2024-01-04 09:00:00"), "books"));
    Dataset<Row> map =
        df(
            StructType.fromDDL("source string, customer_key string, customer_id string"),
            row("web", "k1", "c1"));
    return FeatureView.build(
        new FeatureView.Inputs(
            profiles, metrics, clv, tx, CustomerEvents.of(events, map, Map.of())),
        new FeatureView.Params(AS_OF, END, 0.8));
  }

  @Test
  void interestsChannelBandsAndTenureWorkedByHand() {
    // c1 before the end of the as-of day: outdoor 30 online, books 10 offline (the -5 return and
    // the 1 February line are left out): outdoor 0.75, books 0.25, online share 0.75 ->
    // omnichannel (below 0.8). 3 orders -> occasional. Views before the end: outdoor 2, books 1.
    // Tenure from 2023-01-31 (first seen, earlier than the first purchase): 365 days.
    // c2: garden only, offline only; 12 orders -> frequent; no views; tenure from the first
    // purchase 2023-12-01 (earlier than first seen 2024-01-01): 31 + 30 = 61 days.
    StructType s =
        StructType.fromDDL(
            "customer_id string, category_share map<string,double>,"
                + " top_category string, online_share double, channel_preference string,"
                + " purchase_frequency_band string, page_views bigint, top_page_category string,"
                + " tenure_days int, is_marketable boolean");
    Dataset<Row> got =
        view()
            .select(
                "customer_id",
                "category_share",
                "top_category",
                "online_share",
                "channel_preference",
                "purchase_frequency_band",
                "page_views",
                "top_page_category",
                "tenure_days",
                "is_marketable");
    assertDataFrameEquals(
        df(
            s,
            row(
                "c1",
                scalaMap(Map.of("books", 0.25, "outdoor", 0.75)),
                "outdoor",
                0.75,
                "omnichannel",
                "occasional",
                3L,
                "outdoor",
                365,
                true),
            row(
                "c2",
                scalaMap(Map.of("garden", 1.0)),
                "garden",
                0.0,
                "offline",
                "frequent",
                null,
                null,
                61,
                false)),
        got,
        1e-12);
  }

  @Test
  void rulesReadTheTimingAndBasketColumnsOfTheMetrics() {
    // customer_metrics columns reach the view as they are: c1 prefers 'web', c2 'store'.
    var s =
        SegmentRulesTest.settings(
            "by_channel { mode = overlapping, rules = ["
                + " { name = Web, when = \"preferred_channel = 'web'\" } ] }");
    assertDataFrameEquals(
        df(
            StructType.fromDDL("customer_id string, family string, segment string, rule string"),
            row("c1", "by_channel", "Web", "preferred_channel = 'web'")),
        SegmentRules.assign(view(), s));
  }

  @Test
  void directIdentifiersAreNotInTheView() {
    List<String> columns = List.of(view().columns());
    for (String pii : List.of("email", "phone", "first_name", "last_name", "address_line")) {
      assertFalse(columns.contains(pii), pii + " must not reach segment outputs: " + columns);
    }
  }

  @Test
  void bandsSplitAtTheCutPoints() {
    Dataset<Row> v =
        df(
            new StructType().add("x", DataTypes.DoubleType),
            row(1.0),
            row(5.0),
            row(9.0),
            row((Object) null));
    // low below 5, high at or above 9, medium in between; null stays null.
    StructType s = new StructType().add("x", DataTypes.DoubleType).add("b", DataTypes.StringType);
    assertDataFrameEquals(
        df(s, row(1.0, "low"), row(5.0, "medium"), row(9.0, "high"), row(null, null)),
        v.select(col("x"), Bands.band(col("x"), new double[] {5, 9}).as("b")));
  }

  private static scala.collection.Map<String, Double> scalaMap(Map<String, Double> m) {
    return scala.jdk.javaapi.CollectionConverters.asScala(m);
  }
}
