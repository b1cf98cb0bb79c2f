package dev.clientele.ingest;

import dev.clientele.Errors;
import dev.clientele.config.SourceSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Input drift between runs: source columns no mapping uses (a warning, or a failure when the source
 * says so), and mapped columns that disappeared or changed type since the schema recorded in the
 * ingested-files ledger (a failure before anything is written). Pure checks, no I/O.
 */
public final class SchemaDrift {
  public static final String IGNORE = "ignore";
  public static final String FAIL = "fail";

  private SchemaDrift() {}

  /** The source's own columns as DDL: what the ledger records with every file read. */
  public static String ddl(StructType sourceColumns) {
    return sourceColumns.toDDL();
  }

  /** The schema of {@code readSchema} restricted to the source's own columns. */
  public static StructType sourceSchema(StructType readSchema, List<String> sourceColumns) {
    StructType out = new StructType();
    for (StructField f : readSchema.fields()) {
      if (sourceColumns.contains(f.name())) {
        out = out.add(f);
      }
    }
    return out;
  }

  /** Columns of the source that no mapping expression (nor the return marker) names. */
  public static List<String> unknownColumns(SourceSettings s, List<String> found) {
    Set<String> used = new LinkedHashSet<>();
    for (String expression : expressions(s)) {
      for (String ref : MappingCheck.referencedColumns(expression)) {
        used.add(ref.toLowerCase(Locale.ROOT));
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String c : found) {
      if (!used.contains(c.toLowerCase(Locale.ROOT))) {
        unknown.add(c);
      }
    }
    return unknown;
  }

  /** Fails when the source says unknown columns are a contract breach and there are some. */
  public static void checkUnknown(SourceSettings s, String policy, List<String> unknown) {
    if (FAIL.equals(policy) && !unknown.isEmpty()) {
      throw Errors.input(
          "source '"
              + s.name()
              + "' has columns no mapping uses: "
              + String.join(", ", unknown)
              + " (clientele.ingest.unknown-columns = fail); map them or set it to ignore");
    }
  }

  /**
   * Fails when a column the mapping uses is missing from, or has another type than, the schema the
   * ledger recorded for the source ({@code recordedDdl}; null or blank: first read, nothing to
   * compare).
   */
  public static void checkAgainstRecorded(
      SourceSettings s, StructType current, String recordedDdl) {
    if (recordedDdl == null || recordedDdl.isBlank()) {
      return;
    }
    Map<String, DataType> before = byLowerName(StructType.fromDDL(recordedDdl));
    Map<String, DataType> now = byLowerName(current);
    for (String expression : expressions(s)) {
      for (String ref : MappingCheck.referencedColumns(expression)) {
        String key = ref.toLowerCase(Locale.ROOT);
        DataType expected = before.get(key);
        if (expected == null) {
          continue; // a column the earlier files did not have: nothing to compare
        }
        DataType found = now.get(key);
        if (found == null) {
          throw Errors.input(
              String.format(
                  Locale.ROOT,
                  "source '%s': column '%s' (expected type %s, as in the files already ingested)"
                      + " is missing from %s; %s",
                  s.name(),
                  ref,
                  expected.sql(),
                  s.path(),
                  MappingCheck.describeFound(s, List.of(current.fieldNames()))));
        }
        if (!found.sql().equals(expected.sql())) {
          throw Errors.input(
              String.format(
                  Locale.ROOT,
                  "source '%s': column '%s' changed type: expected %s (as in the files already"
                      + " ingested), found %s in %s; nothing was written. After a deliberate change,"
                      + " run `ingest --full-refresh` to re-read every file under the new schema",
                  s.name(),
                  ref,
                  expected.sql(),
                  found.sql(),
                  s.path()));
        }
      }
    }
  }

  private static List<String> expressions(SourceSettings s) {
    List<String> out = new ArrayList<>(s.mapping().values());
    out.addAll(s.attributes().values());
    if (!s.returnMarker().isBlank()) {
      out.add(s.returnMarker());
    }
    return out;
  }

  private static Map<String, DataType> byLowerName(StructType t) {
    Map<String, DataType> m = new TreeMap<>();
    for (StructField f : t.fields()) {
      m.put(f.name().toLowerCase(Locale.ROOT), f.dataType());
    }
    return m;
  }
}
