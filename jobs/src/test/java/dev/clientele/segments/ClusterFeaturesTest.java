package dev.clientele.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Category names from the data reach the SQLTransformer statement as literals (issue 18, 7). */
@ExtendWith(SparkTest.class)
class ClusterFeaturesTest {
  private static final StructType VIEW =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("recency_days", DataTypes.IntegerType)
          .add("order_count", DataTypes.LongType)
          .add("monetary_net", DataTypes.DoubleType)
          .add("avg_order_value", DataTypes.DoubleType)
          .add("online_share", DataTypes.DoubleType)
          .add("tenure_days", DataTypes.IntegerType)
          .add(
              "category_share",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));

  @Test
  void categoriesWithBackslashesQuotesAndDoubleQuotesAreReadAsTheyAre() {
    // Awkward names, each with its own share, plus a near-twin that must not be confused with it.
    String backslash = "tools\\";
    String quote = "kid's";
    String doubleQuote = "say \"hi\"";
    String injection = "x'] + 1 --";
    Map<String, Double> shares =
        Map.of(backslash, 0.1, quote, 0.2, doubleQuote, 0.3, injection, 0.15, "tools", 0.25);
    Dataset<Row> view =
        SparkTest.spark()
            .createDataFrame(
                List.of(RowFactory.create("c1", 5, 2L, 100.0, 50.0, 0.5, 30, toScala(shares))),
                VIEW);
    List<ClusterFeatures.Feature> features =
        ClusterFeatures.of(List.of(backslash, quote, doubleQuote, injection));
    Row out =
        new SQLTransformer()
            .setStatement(ClusterFeatures.statement(features))
            .transform(view)
            .first();
    assertEquals(0.1, out.<Double>getAs("feature_category_share_tools"), "the share of 'tools\\'");
    assertEquals(0.2, out.<Double>getAs("feature_category_share_kid_s"), "the share of kid's");
    assertEquals(0.3, out.<Double>getAs("feature_category_share_say_hi"), "say \"hi\"");
    assertEquals(
        0.15, out.<Double>getAs("feature_category_share_x_1"), "a would-be injection is a name");
    assertEquals(0.15, out.<Double>getAs("model_category_share_x_1"), "shares are not logged");
  }

  private static scala.collection.Map<String, Double> toScala(Map<String, Double> m) {
    return scala.jdk.javaapi.CollectionConverters.asScala(m);
  }
}
