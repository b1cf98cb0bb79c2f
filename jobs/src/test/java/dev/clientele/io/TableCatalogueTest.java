package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Comments, statistics columns, catalog registration and the _current view, via afterRun. */
@ExtendWith(SparkTest.class)
class TableCatalogueTest {
  private static final StructType SEG =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("family", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("rule", DataTypes.StringType)
          .add("run_id", DataTypes.StringType);
  private static final StructType RUNS =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("snapshot_date", DataTypes.DateType)
          .add("status", DataTypes.StringType)
          .add("started_at_ts", DataTypes.TimestampType)
          .add("command", DataTypes.StringType);

  @Test
  void afterRunDocumentsRegistersAndPublishesTheLatestSuccessfulSnapshot() {
    SparkSession spark = SparkTest.spark();
    String wh = "file:" + SparkTest.warehouse();
    TableIO io = new TableIO(spark, wh);
    Date d1 = Date.valueOf("2024-12-29");
    Date d2 = Date.valueOf("2024-12-30");
    Date d3 = Date.valueOf("2024-12-31");
    for (Date d : List.of(d1, d2, d3)) {
      io.replaceSnapshot(
          "customer_segments",
          df(SEG, row(d, "rfm", "Champions", "c-" + d, "r", "x")),
          d.toLocalDate(),
          "family");
    }
    Timestamp t = Timestamp.valueOf("2025-01-01 00:00:00");
    // d3's run failed: its rows are there but not published, so _current must show d2.
    io.append(
        "runs",
        df(
            RUNS,
            row("r1", d1, "success", t, "pipeline"),
            row("r2", d2, "success", t, "pipeline"),
            row("r3", d3, "failed", t, "pipeline")));
    Settings settings =
        new Settings(
            ConfigLoader.load(
                null,
                null,
                List.of(
                    "clientele.warehouse=\"" + wh + "\"",
                    "clientele.database=clientele_it",
                    "clientele.outputs.vacuum=false"),
                Map.of()));

    TableMaintenance.afterRun(io, settings, d3.toLocalDate());

    TableSpec spec = TableCatalogue.spec("customer_segments").orElseThrow();
    List<Row> desc = spark.sql("DESCRIBE TABLE clientele_it.customer_segments").collectAsList();
    Row cid = desc.stream().filter(r -> r.getString(0).equals("customer_id")).findFirst().get();
    assertEquals("Deterministic unified customer id, stable from run to run", cid.getString(2));
    Row detail = io.deltaDetail("customer_segments");
    assertEquals(spec.comment(), detail.getAs("description"), "table comment");
    Map<String, String> props = detail.getJavaMap(detail.fieldIndex("properties"));
    // Non-partition columns in order, customer_id first: segment, rule, run_id follow.
    assertEquals("customer_id,segment,rule,run_id", props.get("delta.dataSkippingStatsColumns"));

    assertDataFrameEquals(
        df(SEG, row(d2, "rfm", "Champions", "c-" + d2, "r", "x")),
        spark.table("clientele_it.customer_segments_current").select(cols()));
    assertDataFrameEquals(
        df(SEG, row(d2, "rfm", "Champions", "c-" + d2, "r", "x")),
        spark.sql(TableCatalogue.currentQuery(io, "customer_segments")).select(cols()));

    long version = io.version("customer_segments");
    // Three writes, three commits: the first one created the table documented (no ALTERs).
    assertEquals(2, version, "commits beyond the three writes");
    assertEquals(0, TableCatalogue.document(io, spec), "a second run commits nothing");
    assertEquals(version, io.version("customer_segments"));

    // Files written after the property carry min/max statistics on customer_id.
    long v =
        io.replaceSnapshot(
            "customer_segments",
            df(SEG, row(d3, "rfm", "At Risk", "c-9", "r", "y")),
            d3.toLocalDate(),
            "family");
    String stats =
        spark
            .read()
            .json(io.path("customer_segments") + String.format("/_delta_log/%020d.json", v))
            .where("add is not null")
            .select("add.stats")
            .first()
            .getString(0);
    assertTrue(stats.matches(".*\"minValues\":\\{[^}]*\"customer_id\":\"c-9\".*"), stats);
  }

  @Test
  void statisticsOfATableAboutPeopleLeaveOutPersonalColumnsAndSourceKeys() {
    TableSpec spec = TableCatalogue.spec("bronze_customers").orElseThrow();
    StructType schema =
        new StructType()
            .add("source", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("last_name", DataTypes.StringType)
            .add("birth_date", DataTypes.DateType)
            .add("postcode", DataTypes.StringType)
            .add("consent_email", DataTypes.BooleanType)
            .add("ingest_ts", DataTypes.TimestampType);
    // source is the partition column, consent_email a boolean; the rest is personal or a key.
    assertEquals(
        Map.of("delta.dataSkippingStatsColumns", "postcode,ingest_ts"),
        TableCatalogue.statsProperties(schema, spec, List.of("source")));
    // The graph nodes of a fuzzy match are "source|customer_key": keys too.
    StructType matches =
        new StructType()
            .add("record_a", DataTypes.StringType)
            .add("record_b", DataTypes.StringType)
            .add("match_weight_bits", DataTypes.DoubleType);
    assertEquals(
        Map.of("delta.dataSkippingStatsColumns", "match_weight_bits"),
        TableCatalogue.statsProperties(
            matches, TableCatalogue.spec("match_explanations").orElseThrow(), List.of()));
  }

  private static org.apache.spark.sql.Column[] cols() {
    return java.util.Arrays.stream(SEG.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }
}
