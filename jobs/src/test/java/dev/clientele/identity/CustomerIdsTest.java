package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.testkit.SparkTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HexFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class CustomerIdsTest {
  private static final StructType NODES =
      new StructType()
          .add("node", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("cluster", DataTypes.StringType)
          .add("match_rule", DataTypes.StringType)
          .add("first_seen_date", DataTypes.DateType)
          .add("last_seen_date", DataTypes.DateType);
  private static final StructType PREVIOUS =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("first_seen_date", DataTypes.DateType)
          .add("last_seen_date", DataTypes.DateType);
  private static final StructType IDS =
      new StructType().add("node", DataTypes.StringType).add("customer_id", DataTypes.StringType);
  private static final StructType HISTORY =
      new StructType()
          .add("old_customer_id", DataTypes.StringType)
          .add("new_customer_id", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("change_date", DataTypes.DateType);
  private static final LocalDate TODAY = LocalDate.of(2024, 6, 30);

  @Test
  void firstRunIdIsTheHashOfTheSmallestMemberKey() {
    Dataset<Row> nodes =
        df(NODES, node("a", "1", "a|1"), node("b", "9", "a|1"), node("c", "5", "c|5"));
    CustomerIds.Result r = CustomerIds.assign(nodes, null, TODAY);
    assertDataFrameEquals(
        df(IDS, row("a|1", id("a|1")), row("b|9", id("a|1")), row("c|5", id("c|5"))),
        r.map().select("node", "customer_id"));
    assertDataFrameEquals(df(HISTORY), r.history());
  }

  @Test
  void aRetriedRunDoesNotRecordAnIdChangeTwice() {
    Date d = Date.valueOf(TODAY);
    Dataset<Row> recorded =
        df(
            HISTORY,
            row("C1", "C2", "merge", d),
            row("C3", "C4", "merge", Date.valueOf("2024-06-01")));
    Dataset<Row> history =
        df(
            HISTORY,
            row("C1", "C2", "merge", d),
            row("C3", "C4", "merge", d),
            row("C5", "C6", "split", d));
    // C1->C2 on this date is already there (the stopped run wrote it); C3->C4 was on another day.
    assertDataFrameEquals(
        df(HISTORY, row("C3", "C4", "merge", d), row("C5", "C6", "split", d)),
        CustomerIds.notRecorded(history, recorded));
    assertDataFrameEquals(history, CustomerIds.notRecorded(history, null));
  }

  @Test
  void newIdentifierKeepsIdMergeKeepsOlderIdSplitKeepsIdWithOldestMember() {
    Dataset<Row> previous =
        df(
            PREVIOUS,
            // Gains a new record b|2 (and its smallest key changes): keeps X.
            prev("k", "1", "CX", "2024-01-01"),
            // Two customers merge: M (2023) is older than N (2024).
            prev("m", "1", "CN", "2024-02-01"),
            prev("m", "2", "CM", "2023-05-01"),
            // S splits: s|2 is the older member, so its part keeps S; s|1 gets a fresh id.
            prev("s", "1", "CS", "2024-03-01"),
            prev("s", "2", "CS", "2022-01-01"));
    Dataset<Row> nodes =
        df(
            NODES,
            node("k", "1", "a|0"),
            node("a", "0", "a|0"),
            node("m", "1", "m|1"),
            node("m", "2", "m|1"),
            node("s", "1", "s|1"),
            node("s", "2", "s|2"));
    CustomerIds.Result r = CustomerIds.assign(nodes, previous, TODAY);
    assertDataFrameEquals(
        df(
            IDS,
            row("k|1", "CX"),
            row("a|0", "CX"),
            row("m|1", "CM"),
            row("m|2", "CM"),
            row("s|1", id("s|1")),
            row("s|2", "CS")),
        r.map().select("node", "customer_id"));
    Date today = Date.valueOf(TODAY);
    assertDataFrameEquals(
        df(HISTORY, row("CN", "CM", "merge", today), row("CS", id("s|1"), "split", today)),
        r.history());
  }

  private static Object[] node(String source, String key, String cluster) {
    Date d = Date.valueOf("2024-06-01");
    return row(source + "|" + key, source, key, cluster, "email", d, d);
  }

  private static Object[] prev(String source, String key, String id, String first) {
    return row(source, key, id, Date.valueOf(first), Date.valueOf(first));
  }

  /** "C" + 16 hex of SHA-256, computed here with the JDK independently of Spark's sha2. */
  private static String id(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "C" + HexFormat.of().formatHex(d).substring(0, 16);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
