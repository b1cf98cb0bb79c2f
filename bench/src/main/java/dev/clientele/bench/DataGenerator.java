package dev.clientele.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_timestamp;

import dev.clientele.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the synthetic sources, the truth and a ready-to-run configuration under one folder. Each
 * output is a flatMap over {@code spark.range(customers)}: every person is re-simulated from (seed,
 * id), so nothing is cached or collected and the data is the same for any partitioning.
 */
public final class DataGenerator {
  /** A source of the simulated world: its file name and how it derives rows from a person. */
  interface Rows extends java.io.Serializable {
    List<Row> of(GenParams g, Person p);
  }

  private DataGenerator() {}

  public static void generate(SparkSession spark, GenParams g, Path out) {
    // About 20k persons per partition: ~200k lines per task, small enough for a 1 GiB heap.
    int slices = (int) Math.max(2, Math.min(400, g.customers() / 20_000));
    Dataset<Long> ids = spark.range(0, g.customers(), 1, slices).as(Encoders.LONG());
    String dir = out.toAbsolutePath().toString();
    Dataset<Row> accounts = rows(ids, g, SourceRows::accounts, SourceRows.ACCOUNTS);
    Dataset<Row> cards = rows(ids, g, SourceRows::cards, SourceRows.CARDS);
    Dataset<Row> web = rows(ids, g, TxRows::webOrders, SourceRows.WEB_ORDERS);
    Dataset<Row> pos = rows(ids, g, TxRows::receipts, SourceRows.RECEIPTS);
    Dataset<Row> views = rows(ids, g, SourceRows::views, SourceRows.VIEWS);
    sourceOnly(accounts).write().mode("overwrite").json(dir + "/web_accounts");
    sourceOnly(cards)
        .write()
        .mode("overwrite")
        .option("header", "true")
        .csv(dir + "/loyalty_cards");
    sourceOnly(web).write().mode("overwrite").option("header", "true").csv(dir + "/web_orders");
    sourceOnly(pos)
        .write()
        .mode("overwrite")
        .option("header", "true")
        .option("delimiter", ";")
        .csv(dir + "/pos_receipts");
    sourceOnly(views).write().mode("overwrite").json(dir + "/page_views");
    Dataset<Row> customerTruth =
        truth(accounts, "web_accounts").unionByName(truth(cards, "loyalty_cards"));
    if (g.crmShare() > 0) {
      Dataset<Row> crm = rows(ids, g, CrmRows::contacts, CrmRows.CONTACTS);
      sourceOnly(crm).write().mode("overwrite").option("header", "true").csv(dir + "/crm_contacts");
      customerTruth = customerTruth.unionByName(truth(crm, "crm_contacts"));
    }
    customerTruth.write().mode("overwrite").parquet(dir + "/truth/customers");
    truth(web, "web_orders")
        .unionByName(truth(pos, "pos_receipts"))
        .write()
        .mode("overwrite")
        .parquet(dir + "/truth/transactions");
    truth(views, "page_views").write().mode("overwrite").parquet(dir + "/truth/events");
    canonical(web, pos).write().mode("overwrite").parquet(dir + "/peer/transactions");
    write(out.resolve("truth/params.json"), BenchConf.paramsJson(g));
    write(out.resolve("clientele.conf"), BenchConf.hocon(g, dir));
  }

  static Dataset<Row> rows(Dataset<Long> ids, GenParams g, Rows source, StructType schema) {
    FlatMapFunction<Long, Row> f = id -> source.of(g, new Person(g, id)).iterator();
    return ids.flatMap(f, Encoders.row(schema));
  }

  static Dataset<Row> sourceOnly(Dataset<Row> rows) {
    return rows.drop("_key", "_person_id", "_bad");
  }

  static Dataset<Row> truth(Dataset<Row> rows, String source) {
    return rows.select(
        lit(source).as("source"),
        col("_key").as("record_key"),
        col("_person_id").as("person_id"),
        col("_bad").as("is_bad"));
  }

  /**
   * The canonical transactions of the identified buyers (person id as customer_id), good rows only:
   * the input of the RFM peer benchmark, independent of the ingest and resolve stages.
   */
  static Dataset<Row> canonical(Dataset<Row> web, Dataset<Row> pos) {
    Dataset<Row> w =
        web.where("not _bad")
            .select(
                col("_person_id").as("customer_id"),
                col("order_id"),
                to_timestamp(col("order_ts"), "yyyy-MM-dd HH:mm:ss").as("event_ts"),
                money(col("amount")),
                col("status").equalTo("returned").as("is_return"));
    Dataset<Row> s =
        pos.where("not _bad and _person_id is not null")
            .select(
                col("_person_id").as("customer_id"),
                col("receipt_id").as("order_id"),
                to_timestamp(col("date"), "dd/MM/yyyy HH:mm").as("event_ts"),
                money(regexp_replace(col("amount"), ",", ".")),
                col("type").equalTo("RET").as("is_return"));
    return w.unionByName(s);
  }

  private static Column money(Column text) {
    return text.cast("decimal(18,2)").as("amount_base");
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.cannotWrite("generated data", file.toString(), e);
    }
  }
}
