package dev.clientele.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clientele.Errors;
import dev.clientele.io.ExportFiles;
import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableIO;
import dev.clientele.io.TableSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The right of access: everything the warehouse holds about one person, found the way erase finds
 * them ({@link PersonLookup}: normalised identifiers, identity map, id history, device ids) and
 * selected from every table the catalogue marks as keyed by person with erase's own row predicates
 * ({@link PersonDeletes#predicate}), so the export holds exactly the rows an erasure would delete.
 * It goes to a new folder outside the warehouse ({@link ExportFiles}): one JSON-lines file per
 * table with rows (nested values stay JSON) and {@value #MANIFEST} (table, rows, file). The
 * warehouse is only read: no table, run summary or audit row is written.
 */
public final class PersonExport {
  public static final String MANIFEST = "manifest.json";

  /** The tables exported: the catalogue's tables keyed by person, which erase deletes from. */
  public static final List<String> TABLES =
      TableCatalogue.all().stream().filter(TableSpec::keyedByPerson).map(TableSpec::name).toList();

  /** Rows exported per table: every table of {@link #TABLES}, 0 when none (or no table yet). */
  public record Result(Map<String, Long> rows) {
    public long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final TableIO io;
  private final Erasure.Params params;
  private final PersonDeletes rows;

  public PersonExport(TableIO io, Erasure.Params params) {
    this.io = io;
    this.params = params;
    // Used for its predicates only: this class never deletes.
    this.rows =
        new PersonDeletes(
            io,
            params.records().hashing(),
            PersonHashes.Rules.of(params.records()),
            params.customerSources(),
            table -> {});
  }

  /**
   * Checks the target (before any data is read), finds the person (refusing, exit 3, a request that
   * names only blocked or shared identifiers or finds nobody) and writes their rows.
   *
   * @param tag names the temporary sibling folder (the run id)
   */
  public Result export(ErasureRequest request, String target, String tag) {
    Configuration hadoop = io.spark().sparkContext().hadoopConfiguration();
    String out = ExportFiles.requireNewTarget(hadoop, target, io.warehouse());
    ErasedValues person = find(request);
    return ExportFiles.writeFiles(
        hadoop, out, tag, "the person's data", folder -> write(folder, person, tag));
  }

  private ErasedValues find(ErasureRequest request) {
    PersonLookup lookup =
        new PersonLookup(io, Erasure.lookupParams(params), PersonLookup.Purpose.EXPORT);
    try {
      return lookup.person(request, lookup.seeds(request), rows);
    } finally {
      lookup.close();
    }
  }

  private Result write(ExportFiles.Folder folder, ErasedValues person, String tag) {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String table : TABLES) {
      Dataset<Row> t = io.readIfExists(table);
      String file = table + ".jsonl";
      long n = 0;
      if (t != null) {
        io.spark().sparkContext().setJobDescription("export-person " + table);
        n = folder.jsonLines(file, t.where(rows.predicate(table, person, List.of(t.columns()))));
      }
      counts.put(table, n);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("table", table);
      entry.put("rows", n);
      entry.put("file", n > 0 ? file : null);
      entry.put("description", TableCatalogue.spec(table).map(TableSpec::comment).orElse(null));
      entries.add(entry);
    }
    io.spark().sparkContext().setJobDescription(null);
    Result result = new Result(counts);
    folder.text(MANIFEST, manifest(entries, result.total(), tag));
    return result;
  }

  /** The manifest: what was exported, table by table; counts and table names only. */
  private static String manifest(List<Map<String, Object>> entries, long total, String tag) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("export", "subject-access");
    m.put("run_id", tag);
    m.put("exported_at_ts", Instant.now().toString());
    m.put(
        "contents",
        "every row that holds the person's keys, identifiers, customer ids or device ids in the"
            + " tables keyed by person (every snapshot of their current version), one JSON object"
            + " a line, every column");
    m.put("rows_total", total);
    m.put("tables", entries);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw Errors.internal("cannot render the export manifest as JSON", e);
    }
  }
}
