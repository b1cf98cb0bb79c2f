package dev.clientele.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The score stage on the UCI Online Retail layout (InvoiceNo, StockCode, Description, Quantity,
 * InvoiceDate, UnitPrice, CustomerID, Country), when the file is present under
 * data-external/online-retail/ (not in the repository: licence and size). The stage's figures are
 * checked against a plain driver-side sort-and-cumsum of the per-customer net revenue.
 */
@ExtendWith(SparkTest.class)
class OnlineRetailTest {
  @Test
  void runsEndToEndOnTheUciLayout() {
    Path dir = SparkTest.projectDir().resolve("data-external/online-retail");
    Assumptions.assumeTrue(
        Files.isDirectory(dir),
        "skipped: " + dir + " does not exist (download the UCI Online Retail CSV there to run it)");
    var spark = SparkTest.spark();
    Dataset<Row> raw = spark.read().option("header", "true").csv(dir.toUri() + "/*.csv*");
    Dataset<Row> tx =
        raw.select(
            expr("cast(cast(CustomerID as double) as bigint)").cast("string").as("customer_id"),
            col("InvoiceNo").as("order_id"),
            // try_: under ANSI mode a format that does not match must give null, not fail.
            expr("coalesce(try_to_timestamp(InvoiceDate, 'M/d/yyyy H:mm'),"
                    + " try_to_timestamp(InvoiceDate, 'yyyy-MM-dd HH:mm:ss'))")
                .as("event_ts"),
            expr("cast(cast(Quantity as double) * cast(UnitPrice as double) as decimal(18,2))")
                .as("amount_base"),
            lit(null).cast("decimal(18,2)").as("margin"),
            expr("startswith(InvoiceNo, 'C')").as("is_return"),
            col("Country").as("country"));
    Dataset<Row> profiles =
        tx.where(col("customer_id").isNotNull())
            .groupBy("customer_id")
            .agg(expr("first(country)").as("country"))
            .select(
                col("customer_id"),
                lit("consumer").as("relationship"),
                lit(true).as("is_marketable"),
                lit(0).as("payment_incidents"),
                col("country"));
    String wh = SparkTest.warehouse().toString();
    Settings s =
        new Settings(
            ConfigLoader.load(null, null, List.of("clientele.warehouse=\"" + wh + "\""), Map.of()));
    TableIO io = new TableIO(spark, s.warehouse());
    io.overwrite(Tables.TRANSACTIONS, tx.drop("country"));
    io.overwrite(Tables.UNIFIED_PROFILES, profiles);
    LocalDate asOf = LocalDate.of(2011, 12, 9);
    RunContext ctx =
        new RunContext(
            s,
            spark,
            io,
            "uci",
            asOf,
            Instant.now(),
            new RunSummary("uci", "score", asOf.toString(), Instant.now(), "t"));
    StageResult r = new ScoreStage().run(ctx);
    System.out.println("[uci] score details: " + r.details());

    // Reference: per-customer net (about 4,400 customers: fine to collect in a test), customers
    // with an invoice netting > 0, and a plain sort-and-cumsum for the top 20 % and class A.
    List<Row> invoices =
        tx.where(col("customer_id").isNotNull())
            .groupBy("customer_id", "order_id")
            .agg(sum("amount_base").as("net"))
            .groupBy("customer_id")
            .agg(sum("net").as("net"), expr("count_if(net > 0)").as("orders"))
            .collectAsList();
    long buyers = invoices.stream().filter(x -> x.getLong(2) > 0).count();
    List<BigDecimal> pos = new ArrayList<>();
    invoices.stream()
        .filter(x -> x.getDecimal(1).signum() > 0)
        .forEach(x -> pos.add(x.getDecimal(1)));
    pos.sort(Comparator.reverseOrder());
    BigDecimal total = pos.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    int top = (int) Math.ceil(pos.size() * 20 / 100.0);
    BigDecimal topSum = pos.subList(0, top).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    long a = 0;
    BigDecimal cum = BigDecimal.ZERO;
    for (BigDecimal v : pos) {
      if (cum.compareTo(total.multiply(new BigDecimal("0.80"))) < 0) {
        a++;
      }
      cum = cum.add(v);
    }
    assertEquals(buyers, r.details().get("customers_with_purchases"));
    assertEquals(
        topSum.doubleValue() / total.doubleValue(),
        (Double) r.details().get("top20_revenue_share"),
        1e-9);
    assertEquals(a, r.details().get("a_customers"));
  }
}
