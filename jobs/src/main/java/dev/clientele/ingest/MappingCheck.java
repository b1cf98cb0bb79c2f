package dev.clientele.ingest;

import dev.clientele.Errors;
import dev.clientele.config.SourceSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.jdk.javaapi.CollectionConverters;

/** The source columns a mapping expression names, and the check that the source has them. */
public final class MappingCheck {
  private MappingCheck() {}

  /** Top-level source column names referenced by a Spark SQL expression, as written. */
  public static Set<String> referencedColumns(String sql) {
    Set<String> out = new LinkedHashSet<>();
    collect(SourceSettings.parse("expression", sql), out);
    return out;
  }

  private static void collect(Expression e, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      // a.b on a struct column names the column a.
      out.add(CollectionConverters.asJava(a.nameParts()).get(0));
      return;
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      collect(child, out);
    }
  }

  /**
   * Fails with a one-line error naming the source, the mapped column and the missing source column,
   * listing the columns found, before any row is processed.
   */
  public static void requireColumns(SourceSettings s, List<String> found) {
    List<String> lower = new ArrayList<>();
    found.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
    for (Map.Entry<String, String> m : mappingAndMarker(s).entrySet()) {
      for (String ref : referencedColumns(m.getValue())) {
        if (!lower.contains(ref.toLowerCase(Locale.ROOT))) {
          throw Errors.input(
              "source '"
                  + s.name()
                  + "' maps "
                  + m.getKey()
                  + " from column '"
                  + ref
                  + "', which "
                  + s.path()
                  + " lacks; columns found: "
                  + String.join(", ", found));
        }
      }
    }
  }

  private static Map<String, String> mappingAndMarker(SourceSettings s) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    s.mapping().forEach((k, v) -> all.put("'" + k + "'", v));
    if (!s.returnMarker().isBlank()) {
      all.put("the return-marker", s.returnMarker());
    }
    return all;
  }
}
