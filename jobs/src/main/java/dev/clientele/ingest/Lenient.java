package dev.clientele.ingest;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a DataFrame with ANSI mode off. Spark 4 runs in ANSI mode, where a cast or arithmetic on a
 * bad string throws and fails the job; mapping expressions are user text ({@code Quantity *
 * UnitPrice}) over untyped source columns, so they are analysed in legacy mode, where a bad value
 * becomes null and the contract checks turn that null into a quarantine reason. The mode is
 * captured in the analysed plan, so restoring the setting afterwards does not change the result.
 */
public final class Lenient {
  private static final String ANSI = "spark.sql.ansi.enabled";

  private Lenient() {}

  public static synchronized <T> T build(SparkSession spark, Supplier<T> builder) {
    String before = spark.conf().get(ANSI);
    spark.conf().set(ANSI, "false");
    try {
      return builder.get();
    } finally {
      spark.conf().set(ANSI, before);
    }
  }
}
