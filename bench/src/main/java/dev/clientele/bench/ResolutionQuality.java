package dev.clientele.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pairwise precision, recall and F1 of the resolved customers against the generator's truth: the
 * customer records (web accounts, loyalty cards) joined to {@code customer_identity_map} by
 * (source, key). Pairs are counted per group (n(n-1)/2), so nothing but four numbers reaches the
 * driver.
 */
@Command(name = "resolution-quality", mixinStandardHelpOptions = true)
public final class ResolutionQuality implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "the generator's output folder")
  Path data;

  @Option(names = "--warehouse", required = true, description = "the pipeline's warehouse")
  Path warehouse;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ResolutionQuality()).execute(args));
  }

  /** Figures of one comparison. */
  public record Result(
      long records, long people, long customers, double tp, double predicted, double actual) {
    public double precision() {
      return tp / predicted;
    }

    public double recall() {
      return tp / actual;
    }

    public double f1() {
      return 2 * precision() * recall() / (precision() + recall());
    }

    public String json() {
      return String.format(
          Locale.ROOT,
          "{\"records\": %d, \"people\": %d, \"customers\": %d, \"precision\": %.5f,"
              + " \"recall\": %.5f, \"f1\": %.5f, \"true_pairs\": %.0f, \"predicted_pairs\": %.0f}",
          records,
          people,
          customers,
          precision(),
          recall(),
          f1(),
          actual,
          predicted);
    }
  }

  /**
   * @param truth (source, record_key, person_id, is_bad)
   * @param map customer_identity_map (source, customer_key, customer_id, ...)
   */
  public static Result measure(Dataset<Row> truth, Dataset<Row> map) {
    Dataset<Row> joined =
        truth
            .where(col("is_bad").equalTo(false))
            .join(
                map.select(col("source"), col("customer_key").as("record_key"), col("customer_id")),
                new String[] {"source", "record_key"})
            .select("person_id", "customer_id")
            .cache();
    try {
      Row totals =
          joined
              .agg(
                  count(lit(1)), countDistinct(col("person_id")), countDistinct(col("customer_id")))
              .first();
      return new Result(
          totals.getLong(0),
          totals.getLong(1),
          totals.getLong(2),
          pairs(joined, col("customer_id"), col("person_id")),
          pairs(joined, col("customer_id")),
          pairs(joined, col("person_id")));
    } finally {
      joined.unpersist();
    }
  }

  /** Sum over groups of n(n-1)/2: one row to the driver. */
  private static double pairs(Dataset<Row> df, Column... by) {
    Row r =
        df.groupBy(by)
            .agg(count(lit(1)).as("n"))
            .agg(sum(col("n").multiply(col("n").minus(1)).divide(2)))
            .first();
    return r.isNullAt(0) ? 0 : ((Number) r.get(0)).doubleValue();
  }

  @Override
  public Integer call() {
    SparkSession spark = BenchSessions.local(warehouse);
    try {
      Result r =
          measure(
              spark.read().parquet(data.resolve("truth/customers").toString()),
              spark
                  .read()
                  .format("delta")
                  .load(warehouse.resolve("customer_identity_map").toString()));
      System.out.println(r.json());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
