package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import io.delta.kernel.types.StructField;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Other engines can read the output tables: Delta Kernel reads what TableIO wrote, no Spark. */
@ExtendWith(SparkTest.class)
class DeltaKernelReadTest {
  private static final StructType METRICS =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("order_count", DataTypes.LongType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2))
          .add("p_alive", DataTypes.DoubleType)
          .add("is_marketable", DataTypes.BooleanType)
          .add("computed_at_ts", DataTypes.TimestampType);

  @Test
  void kernelReadsRowsAndSchemaOfASnapshotTable() throws Exception {
    TableIO io = new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
    Timestamp ts = Timestamp.valueOf("2024-07-01 02:00:00");
    Date d1 = Date.valueOf("2024-06-29");
    Date d2 = Date.valueOf("2024-06-30");
    io.replaceSnapshot(
        "customer_metrics",
        df(
            METRICS,
            row(d1, "c1", 2L, new BigDecimal("10.50"), 0.9, true, ts),
            row(d1, "c2", 1L, new BigDecimal("3.00"), 0.4, false, ts)),
        d1.toLocalDate());
    io.replaceSnapshot(
        "customer_metrics",
        df(METRICS, row(d2, "c1", 3L, new BigDecimal("12.00"), 0.8, true, ts)),
        LocalDate.of(2024, 6, 30));
    // Re-writing 2024-06-30 must leave Kernel one live copy of it (the old file is removed).
    io.replaceSnapshot(
        "customer_metrics",
        df(METRICS, row(d2, "c3", 1L, new BigDecimal("7.25"), 0.5, false, ts)),
        LocalDate.of(2024, 6, 30));

    KernelReader kernel = new KernelReader(io.path("customer_metrics"));
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField f : kernel.schema().fields()) {
      types.put(f.getName(), f.getDataType().toString());
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("snapshot_date", "date");
    expected.put("customer_id", "string");
    expected.put("order_count", "long");
    expected.put("monetary_net", "Decimal(18, 2)"); // Kernel's DecimalType.toString()
    expected.put("p_alive", "double");
    expected.put("is_marketable", "boolean");
    expected.put("computed_at_ts", "timestamp");
    assertEquals(expected, types, "schema names and types as Kernel sees them");
    assertEquals(List.of("snapshot_date"), kernel.partitionColumns(), "partitioning");

    // Kernel rows: (date as days since epoch, customer_id, monetary_net).
    List<String> rows = new ArrayList<>();
    kernel.forEachRow(
        r ->
            rows.add(
                LocalDate.ofEpochDay(r.getInt(0)) + " " + r.getString(1) + " " + r.getDecimal(3)));
    assertEquals(3, rows.size(), "2 rows of 06-29 + 1 live row of 06-30");
    assertEquals(
        new TreeSet<>(List.of("2024-06-29 c1 10.50", "2024-06-29 c2 3.00", "2024-06-30 c3 7.25")),
        new TreeSet<>(rows),
        "the rows, partition value included");
  }
}
