package dev.clientele.identity;

import dev.clientele.config.IdentitySettings;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code resolve --plan}: the comparisons each blocking rule generates, before any is made. */
public final class ResolvePlan {
  private ResolvePlan() {}

  /** Prints the plan; the caller owns the session (identity builds none). */
  public static void print(SparkSession spark, Settings settings, PrintStream out) {
    {
      TableIO io = new TableIO(spark, settings.warehouse());
      IdentitySettings s = IdentitySettings.from(settings.config());
      Hashing hashing = Hashing.fromConfig(settings.config());
      var ctx =
          new dev.clientele.pipeline.RunContext(
              settings,
              spark,
              io,
              "plan",
              java.time.LocalDate.now(),
              java.time.Instant.now(),
              null);
      FuzzyMatch.Params p = ResolveStage.resolutionParams(s).fuzzy();
      // One row per blocking rule.
      List<Row> rows =
          FuzzyMatch.plan(ResolveStage.records(ctx, s, hashing), p)
              .orderBy(FuzzyMatch.BLOCK_RULE)
              .collectAsList();
      long total = 0;
      out.println("[clientele] resolve --plan: comparisons per blocking rule");
      for (Row r : rows) {
        int rule = r.getInt(0);
        total += r.getLong(1);
        out.printf(
            Locale.ROOT,
            "  rule %d: %,d comparisons in %,d blocks (largest %,d)  %s%n",
            rule,
            r.getLong(1),
            r.getLong(2),
            r.getLong(3),
            p.blockingKeys().get(rule));
      }
      out.printf(
          Locale.ROOT, "  total: %,d (pairs found by several rules are compared once)%n", total);
    }
  }
}
