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
   * describing the columns found ({@link #describeFound}), before any row is processed.
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
                  + " lacks; "
                  + describeFound(s, found));
        }
      }
    }
  }

  /**
   * The columns a file has, for an error message, without quoting data: a CSV file without a header
   * line has its first record read as the header, so the names found may be a customer's e-mail or
   * name. Only the names the source's mapping also uses (configuration text, not data) are shown;
   * the others are given by position (1-based).
   */
  public static String describeFound(SourceSettings s, List<String> found) {
    Set<String> named = new java.util.HashSet<>();
    for (String expression : mappingAndMarker(s).values()) {
      referencedColumns(expression).forEach(r -> named.add(r.toLowerCase(Locale.ROOT)));
    }
    List<String> shown = new ArrayList<>();
    List<Integer> hidden = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (named.contains(found.get(i).toLowerCase(Locale.ROOT))) {
        shown.add(found.get(i));
      } else {
        hidden.add(i + 1);
      }
    }
    String text =
        "the file has "
            + found.size()
            + " column(s), "
            + (shown.isEmpty()
                ? "none of them named in the mapping"
                : shown.size() + " named in the mapping (" + String.join(", ", shown) + ")");
    if (!hidden.isEmpty()) {
      text +=
          "; the names of the others (position(s) "
              + hidden.stream()
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ") are not shown, as a file without a header line has data there";
    }
    return text;
  }

  private static Map<String, String> mappingAndMarker(SourceSettings s) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    s.mapping().forEach((k, v) -> all.put("'" + k + "'", v));
    s.attributes().forEach((k, v) -> all.put("attribute '" + k + "'", v));
    if (!s.returnMarker().isBlank()) {
      all.put("the return-marker", s.returnMarker());
    }
    return all;
  }
}
