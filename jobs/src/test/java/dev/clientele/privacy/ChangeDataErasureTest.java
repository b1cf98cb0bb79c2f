package dev.clientele.privacy;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.identity.Hashing;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * segment_membership has Change Data Feed: its pre-images under {@code _change_data/} and its older
 * versions hold a person after the erasure's delete, until the purge removes them.
 */
@ExtendWith(SparkTest.class)
class ChangeDataErasureTest {
  private static final StructType MEMBERSHIP =
      new StructType()
          .add("family", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("run_id", DataTypes.StringType);

  @Test
  void afterEraseAndPurgeNoChangeDataNorOlderVersionHoldsThePerson() throws IOException {
    Path wh = SparkTest.warehouse().resolve("cdf");
    TableIO io = new TableIO(SparkTest.spark(), "file:" + wh);
    String t = Tables.SEGMENT_MEMBERSHIP;
    // c2 moves Silver -> Gold: the update's pre- and post-images go to _change_data.
    io.merge(
        t,
        df(MEMBERSHIP, row("tier", "c1", "Gold", "r1"), row("tier", "c2", "Silver", "r1")),
        TableIO.MergeMode.DELETE_MISSING,
        "family",
        "customer_id");
    io.merge(
        t,
        df(MEMBERSHIP, row("tier", "c1", "Gold", "r2"), row("tier", "c2", "Gold", "r2")),
        TableIO.MergeMode.DELETE_MISSING,
        "family",
        "customer_id");
    assertTrue(holdsC2(changeDataFiles(wh)), "before the erasure _change_data holds c2");

    Hashing hashing = new Hashing("change-data-erasure-test-secret");
    ErasedValues c2 = ErasedValues.empty();
    c2.add(Kind.CUSTOMER_ID, hashing.hmacHex(Kind.CUSTOMER_ID.label() + ":c2"));
    Map<String, Long> deleted =
        new PersonDeletes(io, hashing, null, Map.of(), table -> {}).delete(c2);
    assertEquals(Map.of(t, 1L), deleted, "c2's one membership deleted");
    long erased = io.version(t);
    Purge.purge(io);

    List<Path> left = changeDataFiles(wh);
    assertTrue(!holdsC2(left), "no change-data file holds c2 after the purge: " + left);
    // Older versions and the feed across the erasure fail for their purged files (documented).
    for (long v = 0; v < erased; v++) {
      assertTrue(!holdsC2(version(io, v)), "version " + v + " does not read c2");
    }
    assertEquals(
        List.of("c1"),
        version(io, erased).select("customer_id").as(Encoders.STRING()).collectAsList(),
        "the latest version reads, c1 only");
    assertTrue(!holdsC2(feedFrom(io, 0)), "the feed from version 0 does not read c2");
    // A refresh after the purge: its feed reads normally and c1's change only.
    io.merge(
        t,
        df(MEMBERSHIP, row("tier", "c1", "Silver", "r3")),
        TableIO.MergeMode.DELETE_MISSING,
        "family",
        "customer_id");
    Dataset<Row> feed =
        SparkTest.spark()
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", erased + 1)
            .load(io.path(t));
    assertEquals(2, feed.where(col("customer_id").equalTo("c1")).count(), "c1's pre/post image");
    assertEquals(0, feed.where(col("customer_id").equalTo("c2")).count(), "nothing of c2");
  }

  private static Dataset<Row> version(TableIO io, long v) {
    return io.spark()
        .read()
        .format("delta")
        .option("versionAsOf", v)
        .load(io.path(Tables.SEGMENT_MEMBERSHIP));
  }

  private static Dataset<Row> feedFrom(TableIO io, long v) {
    return io.spark()
        .read()
        .format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", v)
        .load(io.path(Tables.SEGMENT_MEMBERSHIP));
  }

  /** Whether reading the rows shows c2; a read that fails for purged files shows nothing. */
  private static boolean holdsC2(Dataset<Row> rows) {
    try {
      return !rows.where(col("customer_id").equalTo("c2")).isEmpty();
    } catch (Exception e) {
      // A SparkException (FAILED_READ_FILE.FILE_NOT_EXIST), thrown unchecked by Scala.
      return false;
    }
  }

  private static boolean holdsC2(List<Path> parquetFiles) {
    if (parquetFiles.isEmpty()) {
      return false;
    }
    return holdsC2(
        SparkTest.spark()
            .read()
            .parquet(parquetFiles.stream().map(Path::toString).toArray(String[]::new)));
  }

  private static List<Path> changeDataFiles(Path wh) throws IOException {
    Path dir = wh.resolve(Tables.SEGMENT_MEMBERSHIP).resolve("_change_data");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }
}
