package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The raw CDNOW sample (whitespace: customer id, sample-local id, yyyymmdd, CDs, dollars) as a
 * transactions-shaped DataFrame: one order line per file line, at noon of its day; customer_key
 * holds the sample-local id (the ID of the published summary files).
 */
final class CdnowFixture {
  private CdnowFixture() {}

  /** One parsed line of the raw file. */
  record Line(String customer, int localId, LocalDate date, int cds, BigDecimal dollars) {}

  static Path rawFile() {
    Path file = SparkTest.sharedDir().resolve("datasets/cdnow/CDNOW_sample.txt");
    assumeTrue(Files.isRegularFile(file), "skipped: " + file + " (shared reference data) absent");
    return file;
  }

  static List<Line> lines() throws IOException {
    DateTimeFormatter ymd = DateTimeFormatter.BASIC_ISO_DATE;
    List<Line> out = new ArrayList<>();
    for (String raw : Files.readAllLines(rawFile())) {
      String[] f = raw.trim().split("\\s+");
      if (f.length == 5) {
        out.add(
            new Line(
                f[0],
                Integer.parseInt(f[1]),
                LocalDate.parse(f[2], ymd),
                Integer.parseInt(f[3]),
                new BigDecimal(f[4])));
      }
    }
    return out;
  }

  static final StructType SCHEMA =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("channel", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("line_id", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("quantity", DataTypes.DoubleType)
          .add("amount", DataTypes.createDecimalType(18, 2))
          .add("currency", DataTypes.StringType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType)
          .add("is_anonymous", DataTypes.BooleanType);

  static Dataset<Row> transactions() throws IOException {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (Line l : lines()) {
      n++;
      Timestamp ts = Timestamp.valueOf(LocalDateTime.of(l.date(), java.time.LocalTime.NOON));
      rows.add(
          RowFactory.create(
              "cdnow",
              "online",
              "o" + n,
              "1",
              String.valueOf(l.localId()),
              l.customer(),
              ts,
              (double) l.cds(),
              l.dollars(),
              "USD",
              l.dollars(),
              false,
              false));
    }
    return SparkTest.spark().createDataFrame(rows, SCHEMA);
  }
}
