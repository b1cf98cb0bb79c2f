package dev.clientele.segments;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.config.SegmentSettings;
import dev.clientele.config.SegmentSettings.Family;
import dev.clientele.config.SegmentSettings.Mode;
import dev.clientele.config.SegmentSettings.Rule;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rule-based families: each rule is a Spark SQL boolean expression over the feature view. An
 * exclusive family gives every customer the first matching rule's segment, else the default; an
 * overlapping family gives every matching segment (and the default, if any, when none matches).
 */
public final class SegmentRules {
  /** The rule column of default members. */
  public static final String DEFAULT_RULE = "default";

  private SegmentRules() {}

  /** Parses every expression (no data, no session needed); throws naming family and segment. */
  public static void validate(SegmentSettings settings) {
    for (Family f : settings.families()) {
      for (Rule r : f.rules()) {
        try {
          CatalystSqlParser$.MODULE$.parseExpression(r.when());
        } catch (Exception e) {
          // ParseException is checked from Java's point of view; anything else is a bug.
          if (!(e instanceof ParseException)) {
            throw rethrow(e);
          }
          throw invalid(f, r, firstLine(e.getMessage()));
        }
      }
    }
  }

  /**
   * Every status a rule compares lifecycle_status with is a configured one (the shipped behavioural
   * family names the shipped statuses; renaming one in clientele.lifecycle must rename it there
   * too, and this says so at start-up instead of leaving the segment empty).
   */
  public static void requireConfiguredStatuses(
      SegmentSettings settings, dev.clientele.config.LifecycleSettings lifecycle) {
    for (Family f : settings.families()) {
      for (Rule r : f.rules()) {
        lifecycle.requireConfiguredStatuses(
            r.when(), "segment family '" + f.name() + "', rule '" + r.name() + "'");
      }
    }
  }

  /**
   * Resolves every expression against the view's schema (analysis only, no job): unknown columns
   * and non-boolean expressions fail here, before anything is written.
   */
  public static void check(Dataset<Row> view, SegmentSettings settings) {
    for (Family f : settings.families()) {
      for (Rule r : f.rules()) {
        try {
          var type = view.select(expr(r.when())).schema().fields()[0].dataType();
          if (!type.equals(DataTypes.BooleanType)) {
            throw invalid(
                f, r, "the expression is of type " + type.simpleString() + ", not boolean");
          }
        } catch (Exception e) {
          if (!(e instanceof AnalysisException)) {
            throw rethrow(e);
          }
          throw invalid(f, r, firstLine(e.getMessage()));
        }
      }
    }
  }

  /** customer_id, family, segment, rule for every rule family. */
  public static Dataset<Row> assign(Dataset<Row> view, SegmentSettings settings) {
    Dataset<Row> all = null;
    for (Family f : settings.families()) {
      Dataset<Row> one = f.mode() == Mode.EXCLUSIVE ? exclusive(view, f) : overlapping(view, f);
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  static Dataset<Row> exclusive(Dataset<Row> view, Family f) {
    Column chosen = lit(null);
    for (int i = f.rules().size() - 1; i >= 0; i--) {
      Rule r = f.rules().get(i);
      chosen =
          when(expr(r.when()), struct(lit(r.name()).as("s"), lit(r.when()).as("r")))
              .otherwise(chosen);
    }
    Column dflt = struct(lit(f.defaultSegment()).as("s"), lit(DEFAULT_RULE).as("r"));
    Column pick =
        f.rules().isEmpty() ? dflt : org.apache.spark.sql.functions.coalesce(chosen, dflt);
    return view.select(col(Cols.CUSTOMER_ID), pick.as("m")).select(output(f));
  }

  static Dataset<Row> overlapping(Dataset<Row> view, Family f) {
    List<Column> candidates = new ArrayList<>();
    for (Rule r : f.rules()) {
      candidates.add(when(expr(r.when()), struct(lit(r.name()).as("s"), lit(r.when()).as("r"))));
    }
    Column matches =
        candidates.isEmpty()
            ? array().cast("array<struct<s:string,r:string>>")
            : filter(array(candidates.toArray(Column[]::new)), c -> c.isNotNull());
    if (f.defaultSegment() != null) {
      Column dflt = array(struct(lit(f.defaultSegment()).as("s"), lit(DEFAULT_RULE).as("r")));
      matches = when(size(matches).equalTo(0), dflt).otherwise(matches);
    }
    return view.select(col(Cols.CUSTOMER_ID), explode(matches).as("m")).select(output(f));
  }

  private static Column[] output(Family f) {
    return new Column[] {
      col(Cols.CUSTOMER_ID),
      lit(f.name()).as("family"),
      col("m.s").as("segment"),
      col("m.r").as("rule")
    };
  }

  private static RuntimeException invalid(Family f, Rule r, String message) {
    return Errors.config(
        "clientele.segments.families."
            + f.name()
            + ": segment '"
            + r.name()
            + "' has an invalid expression `"
            + r.when()
            + "`: "
            + message);
  }

  private static RuntimeException rethrow(Exception e) {
    return e instanceof RuntimeException re
        ? re
        : Errors.internal("the SQL parser failed on a rule expression", e);
  }

  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return (nl > 0 ? message.substring(0, nl) : message).trim();
  }
}
