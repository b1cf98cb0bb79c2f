package dev.clientele.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * RFM + Pareto per customer with Spark and with DuckDB over the same Parquet, each timed from its
 * query's start to its Parquet result being written; then the two results are compared.
 */
@Command(name = "rfm-peer", mixinStandardHelpOptions = true)
public final class RfmPeerBenchmark implements Callable<Integer> {
  /** The figures of one comparison. */
  public record Result(
      double sparkSeconds,
      double duckSeconds,
      long customers,
      long mismatches,
      long abcMismatches) {
    public double ratio() {
      return sparkSeconds / duckSeconds;
    }

    public String json() {
      return String.format(
          Locale.ROOT,
          "{\"spark_seconds\": %.3f, \"duckdb_seconds\": %.3f, "
              + "\"ratio\": %.2f, \"customers\": %d, \"mismatches\": %d, \"abc_mismatches\": %d}",
          sparkSeconds,
          duckSeconds,
          ratio(),
          customers,
          mismatches,
          abcMismatches);
    }
  }

  @Option(names = "--input", required = true, description = "folder of canonical Parquet files")
  Path input;

  @Option(names = "--out", required = true, description = "folder for both results")
  Path out;

  @Option(names = "--as-of", required = true)
  LocalDate asOf;

  @Option(names = "--result-json", description = "also write the figures here")
  Path resultJson;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RfmPeerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SparkSession spark = BenchSessions.local(out.resolve("_tmp"));
    try {
      Result r = run(spark, input, out, asOf);
      System.out.println("rfm-peer " + r.json());
      if (resultJson != null) {
        Files.writeString(resultJson, r.json());
      }
      return r.mismatches() == 0 ? 0 : 3;
    } finally {
      spark.stop();
    }
  }

  public static Result run(SparkSession spark, Path input, Path out, LocalDate asOf)
      throws SQLException {
    String in = input.toAbsolutePath().toString();
    String sparkOut = out.resolve("spark_rfm").toAbsolutePath().toString();
    String duckOut = out.resolve("duckdb_rfm.parquet").toAbsolutePath().toString();
    SparkRfm.Params p =
        new SparkRfm.Params(
            asOf, 0.80, 0.95, Math.max(2, spark.sparkContext().defaultParallelism()));
    long t0 = System.nanoTime();
    SparkRfm.rfm(spark.read().parquet(in), p).write().mode("overwrite").parquet(sparkOut);
    double sparkSeconds = (System.nanoTime() - t0) / 1e9;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      long t1 = System.nanoTime();
      st.execute(DuckRfm.copyRfm(in + "/*.parquet", duckOut, asOf, p.aShare(), p.bShare()));
      double duckSeconds = (System.nanoTime() - t1) / 1e9;
      try (ResultSet rs = st.executeQuery(DuckRfm.mismatches(sparkOut + "/*.parquet", duckOut))) {
        rs.next();
        return new Result(
            sparkSeconds,
            duckSeconds,
            rs.getLong("customers"),
            rs.getLong("mismatches"),
            rs.getLong("abc_mismatches"));
      }
    }
  }
}
