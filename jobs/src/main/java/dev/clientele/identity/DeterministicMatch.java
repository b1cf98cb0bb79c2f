package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The deterministic rule: records sharing a normalised identifier of a configured match key are one
 * customer. Identifiers held by more than {@code maxFrequency} records, or on the blocked list,
 * link nothing and are reported instead.
 */
public final class DeterministicMatch {
  private DeterministicMatch() {}

  /** Match keys, the frequency guard and the blocked list (compared trimmed, lower case). */
  public record Params(List<String> matchKeys, long maxFrequency, List<String> blocked) {}

  /** Edges (src, dst, rule) and the ignored identifiers (key_type, value, records, reason). */
  public record Result(Dataset<Row> edges, Dataset<Row> ignored) {}

  public static final String SRC = "src";
  public static final String DST = "dst";
  public static final String RULE = "rule";

  public static Result match(Dataset<Row> records, Params p) {
    Dataset<Row> obs = observations(records, p.matchKeys());
    Object[] blocked = p.blocked().stream().map(b -> b.trim().toLowerCase(Locale.ROOT)).toArray();
    Dataset<Row> groups =
        obs.groupBy("key_type", "value")
            .agg(
                count_distinct(col(IdentityRecords.NODE)).as("records"),
                max(lower(col("value")).isin(blocked).or(col("raw").isin(blocked)))
                    .as("is_blocked"),
                min(IdentityRecords.NODE).as("root"));
    Column reason =
        when(col("is_blocked"), lit("blocked"))
            .when(col("records").gt(p.maxFrequency()), lit("frequency"));
    Dataset<Row> judged = groups.withColumn("reason", reason);
    Dataset<Row> ignored = judged.where(col("reason").isNotNull()).drop("root", "is_blocked");
    Dataset<Row> kept = judged.where(col("reason").isNull()).select("key_type", "value", "root");
    // A star per identifier (every holder to the smallest holder): edges linear in the records.
    Dataset<Row> edges =
        obs.join(kept, new String[] {"key_type", "value"})
            .where(col(IdentityRecords.NODE).notEqual(col("root")))
            .select(
                col(IdentityRecords.NODE).as(SRC), col("root").as(DST), col("key_type").as(RULE))
            .distinct();
    return new Result(edges, ignored);
  }

  /** (node, key_type, value, raw) for every non-null normalised identifier of a match key. */
  static Dataset<Row> observations(Dataset<Row> records, List<String> matchKeys) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String k : matchKeys) {
      parts.add(
          records
              .select(
                  col(IdentityRecords.NODE),
                  lit(k).as("key_type"),
                  col(valueColumn(k)).as("value"),
                  rawColumn(k, records).as("raw"))
              .where(col("value").isNotNull()));
    }
    if (parts.isEmpty()) {
      throw Errors.config(
          "clientele.identity.match-keys is empty; list at least one key, e.g. email");
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all.distinct();
  }

  static String valueColumn(String key) {
    return switch (key) {
      case "email" -> IdentityRecords.EMAIL_NORM;
      case "phone" -> IdentityRecords.PHONE_NORM;
      case "loyalty_id" -> IdentityRecords.LOYALTY_NORM;
      default -> IdentityRecords.extraKeyColumn(key);
    };
  }

  private static Column rawColumn(String key, Dataset<Row> records) {
    return switch (key) {
      case "email" -> col(IdentityRecords.EMAIL_RAW);
      case "phone" -> col(IdentityRecords.PHONE_RAW);
      case "loyalty_id" -> col(IdentityRecords.LOYALTY_RAW);
      default -> lower(col(IdentityRecords.extraKeyColumn(key)));
    };
  }
}
