package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.OutputSettings;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class TableMaintenanceTest {
  private static final StructType SNAP =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("value", DataTypes.IntegerType);

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void retentionKeepsRecentDaysAndEachMonthsLastSnapshot() {
    List<LocalDate> dates =
        List.of(
            d("2022-12-15"),
            d("2023-01-30"),
            d("2023-01-31"),
            d("2023-02-14"),
            d("2023-02-27"),
            d("2023-03-01"),
            d("2023-03-03"),
            d("2023-03-04"),
            d("2023-03-10"));
    // as of 03-10, keep 7 days: 03-04 .. 03-10 kept. Month ends present: 12-15 (only December
    // snapshot), 01-31, 02-27 (no 02-28 snapshot), 03-10. Everything else before 03-04 goes.
    assertEquals(
        List.of(d("2023-01-30"), d("2023-02-14"), d("2023-03-01"), d("2023-03-03")),
        TableMaintenance.snapshotsToDelete(dates, d("2023-03-10"), 7, true));
    assertEquals(
        List.of(
            d("2022-12-15"),
            d("2023-01-30"),
            d("2023-01-31"),
            d("2023-02-14"),
            d("2023-02-27"),
            d("2023-03-01"),
            d("2023-03-03")),
        TableMaintenance.snapshotsToDelete(dates, d("2023-03-10"), 7, false),
        "no month-ends");
    assertEquals(
        List.of(),
        TableMaintenance.snapshotsToDelete(dates, d("2023-03-10"), 0, true),
        "0 keeps everything");
  }

  @Test
  void retentionOptimizeAndVacuumOnASmallTable() throws IOException {
    TableIO io = new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
    // One row per file: two small files per snapshot for OPTIMIZE to compact.
    SparkTest.spark().conf().set("spark.sql.files.maxRecordsPerFile", "1");
    try {
      for (String s : List.of("2023-01-31", "2023-02-14", "2023-02-28", "2023-03-10")) {
        Date day = Date.valueOf(s);
        io.replaceSnapshot("m", df(SNAP, row(day, "b", 2), row(day, "a", 1)), LocalDate.parse(s));
      }
    } finally {
      SparkTest.spark().conf().unset("spark.sql.files.maxRecordsPerFile");
    }
    assertEquals(
        List.of(d("2023-02-14")),
        TableMaintenance.applyRetention(io, "m", d("2023-03-10"), 7, true));
    assertEquals(
        List.of("2023-01-31", "2023-02-28", "2023-03-10"),
        io.read("m")
            .select("snapshot_date")
            .distinct()
            .orderBy("snapshot_date")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList(),
        "02-14 deleted");

    String part = "snapshot_date=2023-03-10";
    TableSpec spec = TableCatalogue.spec("customer_metrics").orElseThrow();
    TableSpec m =
        new TableSpec(
            "m",
            spec.layer(),
            spec.kind(),
            spec.keys(),
            spec.partitionColumns(),
            spec.comment(),
            spec.columns(),
            spec.subject(),
            spec.classified());
    assertTrue(TableMaintenance.optimize(io, m, d("2023-03-10")), "table has customer_id");
    assertEquals(1, live(io, part), "2 small files compacted into 1 Z-ordered file");
    assertEquals(3, onDisk(part), "the 2 replaced files stay on disk until VACUUM");

    OutputSettings safe = new OutputSettings("", true, false, true, 168, false, 0, true);
    TableMaintenance.vacuum(io, "m", safe);
    assertEquals(3, onDisk(part), "168 h retention keeps files removed minutes ago");

    OutputSettings unsafe = new OutputSettings("", true, false, true, 0, false, 0, true);
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> TableMaintenance.vacuum(io, "m", unsafe));
    assertTrue(
        e.getMessage().contains("vacuum-retention-hours = 0 is below the 168 h"), e.getMessage());
    assertEquals(3, onDisk(part), "a refused VACUUM deletes nothing");

    OutputSettings allowed = new OutputSettings("", true, false, true, 0, true, 0, true);
    TableMaintenance.vacuum(io, "m", allowed);
    assertEquals(1, onDisk(part), "only the live file is left");
    assertEquals(2, io.readSnapshot("m", d("2023-03-10")).count(), "rows intact");
  }

  private static long live(TableIO io, String part) {
    return java.util.Arrays.stream(io.read("m").inputFiles()).filter(f -> f.contains(part)).count();
  }

  private static long onDisk(String part) throws IOException {
    try (Stream<java.nio.file.Path> files =
        Files.list(SparkTest.warehouse().resolve("m").resolve(part))) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }
}
