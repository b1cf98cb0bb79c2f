package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Redact;
import dev.clientele.cli.ClienteleMain;
import dev.clientele.identity.Phones;
import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No raw e-mail, phone or name of the sample's people outside the documented PII tables: not in any
 * other table (every column, nested values included), not in the run summaries or the report, not
 * in what the run logged or printed; and a failure whose message quotes an e-mail shows it masked
 * everywhere the failure is recorded.
 */
@ExtendWith(SparkTest.class)
class PiiLeakTest {
  /** The documented PII tables (README, "Privacy"); quarantine's raw_row is checked apart. */
  private static final Set<String> PII_TABLES =
      Set.of("bronze_customers", "bronze_transactions", "unified_profiles");

  /** The raw identifiers of the sample's people, lower case, from the bronze PII tables. */
  private record Pii(Set<String> fragments, Set<String> names) {
    /** The PII values that occur in the text, lower-cased: fragments anywhere, names as words. */
    List<String> foundIn(String text) {
      String t = text.toLowerCase(Locale.ROOT);
      List<String> found = new ArrayList<>();
      for (String f : fragments) {
        if (t.contains(f)) {
          found.add(f);
        }
      }
      for (String n : names) {
        if (java.util.regex.Pattern.compile(
                "(?<!\\p{L})" + java.util.regex.Pattern.quote(n) + "(?!\\p{L})")
            .matcher(t)
            .find()) {
          found.add(n);
        }
      }
      return found;
    }
  }

  private static Dataset<Row> table(Path wh, String name) {
    return SparkTest.spark().read().format("delta").load(wh.resolve(name).toString());
  }

  /**
   * E-mails, phones (as written, digits only, E.164) and full names are searched as fragments;
   * first and last names alone as whole words (in tables: as whole values), since a short name is
   * part of many ordinary words.
   */
  private static Pii samplePii(Path wh) {
    Dataset<Row> customers = table(wh, "bronze_customers");
    Dataset<Row> tx = table(wh, "bronze_transactions");
    Set<String> fragments = new TreeSet<>();
    Set<String> names = new TreeSet<>();
    for (Dataset<Row> d : List.of(customers, tx)) {
      Dataset<Row> ids =
          d.select(
              lower(trim(col("email"))).as("email"),
              trim(col("phone")).as("phone"),
              Phones.e164(col("phone"), "FR").as("e164"));
      // The sample's people: a few hundred rows, collected in a test on purpose.
      for (Row r : ids.distinct().collectAsList()) {
        addIfLong(fragments, r.getString(0), 6);
        addIfLong(fragments, r.getString(1), 8);
        addIfLong(fragments, r.getString(2), 9);
        if (r.getString(1) != null) {
          addIfLong(fragments, r.getString(1).replaceAll("\\D", ""), 9);
        }
      }
    }
    Dataset<Row> people =
        customers
            .select(
                lower(trim(col("first_name"))).as("first"),
                lower(trim(col("last_name"))).as("last"))
            .distinct();
    // The sample's distinct names: a few hundred rows at most.
    for (Row r : people.collectAsList()) {
      String first = r.getString(0);
      String last = r.getString(1);
      addIfLong(names, first, 3);
      addIfLong(names, last, 3);
      if (first != null && last != null) {
        fragments.add(first + " " + last);
        fragments.add(last + " " + first);
      }
    }
    assertTrue(
        fragments.size() > 200 && names.size() > 20,
        "the sample has people to look for: "
            + fragments.size()
            + " fragments, "
            + names.size()
            + " names");
    return new Pii(fragments, names);
  }

  private static void addIfLong(Set<String> set, String v, int minLength) {
    if (v != null && v.length() >= minLength) {
      set.add(v.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void noRawIdentifierOrNameOutsideThePiiTablesNorInLogsSummariesOrTheReport() throws IOException {
    Path wh = SamplePipeline.warehouse();
    Pii pii = samplePii(wh);
    List<String> leaks = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(wh)) {
      dirs.filter(d -> new File(d.toFile(), "_delta_log").isDirectory())
          .map(d -> d.getFileName().toString())
          .filter(t -> !PII_TABLES.contains(t))
          .sorted()
          .forEach(tables::add);
    }
    assertTrue(tables.containsAll(List.of("customer_identity_map", "transactions", "quarantine")));
    // Control: the same search does find the people in a PII table.
    List<String> control = leaksIn("bronze_customers", table(wh, "bronze_customers"), pii);
    assertTrue(
        control.stream().anyMatch(l -> l.startsWith("bronze_customers: "))
            && control.stream().anyMatch(l -> l.startsWith("bronze_customers.last_name")),
        "the search finds identifiers and names where they are: " + control);
    for (String t : tables) {
      Dataset<Row> df = table(wh, t);
      if (t.equals("quarantine")) {
        df = df.drop("raw_row"); // documented: the rejected row as read, kept for repair
      }
      leaks.addAll(leaksIn(t, df, pii));
    }
    assertEquals(List.of(), leaks, "raw PII outside the PII tables");

    List<String> fileLeaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(wh.resolve("_runs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        // Summaries (JSON) and reports (HTML); images are decoded leniently and searched too.
        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        pii.foundIn(text).forEach(v -> fileLeaks.add(wh.relativize(f) + ": " + v));
      }
    }
    assertEquals(List.of(), fileLeaks, "raw PII in run summaries or reports");

    // Every file under the warehouse, Parquet decoded (compressed: a byte search misses it): the
    // Delta logs of every table (JSON commits, checkpoints, file statistics), models, metadata.
    // Only the data files of the PII tables and of quarantine (raw_row) may hold the people.
    java.util.Set<String> holding = new TreeSet<>(PII_TABLES);
    holding.add("quarantine");
    List<String> controlFiles = new ArrayList<>();
    dev.clientele.testkit.WarehouseFiles.forEach(
        wh,
        f -> true,
        (f, text) -> {
          Path rel = wh.relativize(f);
          boolean inPiiData =
              holding.contains(rel.getName(0).toString()) && !rel.toString().contains("_delta_log");
          List<String> found = pii.foundIn(text);
          if (!found.isEmpty()) {
            (inPiiData ? controlFiles : fileLeaks)
                .add(rel + ": " + found.subList(0, Math.min(5, found.size())));
          }
        });
    assertTrue(
        controlFiles.stream().anyMatch(f -> f.startsWith("bronze_customers/")),
        "the file search finds the people in the PII tables' data files: " + controlFiles);
    assertEquals(List.of(), fileLeaks, "raw PII in a file under the warehouse");

    String output = SamplePipeline.output();
    assertTrue(output.contains("[clientele] resolve"), "the run's output was captured");
    assertEquals(List.of(), pii.foundIn(output), "raw PII in what the run logged or printed");
  }

  /**
   * A table's leaks: any column containing an identifier or full name (rows as JSON, so nested
   * values count), or a string value (top level or in an array) equal to a first or last name.
   */
  private static List<String> leaksIn(String table, Dataset<Row> df, Pii pii) {
    SparkSession spark = SparkTest.spark();
    List<String> out = new ArrayList<>();
    Dataset<Row> json = df.select(lower(to_json(struct(col("*")))).as("j"));
    Dataset<Row> fragments =
        spark.createDataset(new ArrayList<>(pii.fragments()), Encoders.STRING()).toDF("v");
    // At most 20 offending values per table (limit), for the failure message.
    for (Row r :
        json.crossJoin(fragments)
            .where("instr(j, v) > 0")
            .select("v")
            .distinct()
            .limit(20)
            .collectAsList()) {
      out.add(table + ": " + r.getString(0));
    }
    Dataset<Row> names =
        spark.createDataset(new ArrayList<>(pii.names()), Encoders.STRING()).toDF("n");
    // Every string value of the table (top level or in an array) with its column's name, in one
    // query per table rather than one per column.
    List<String> parts = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      String c = "`" + f.name() + "`";
      String name = "'" + f.name() + "'";
      if (f.dataType().equals(DataTypes.StringType)) {
        parts.add("array(named_struct('c', " + name + ", 's', lower(trim(" + c + "))))");
      } else if (f.dataType() instanceof ArrayType a && a.elementType() == DataTypes.StringType) {
        parts.add(
            "transform(coalesce("
                + c
                + ", array()), x -> named_struct('c', "
                + name
                + ", 's', lower(trim(x))))");
      }
    }
    if (!parts.isEmpty()) {
      Dataset<Row> values =
          df.selectExpr("inline(flatten(array(" + String.join(", ", parts) + ")))").distinct();
      // At most 100 offending (column, name) pairs per table (limit), for the failure message.
      for (Row r :
          values
              .join(names, col("s").equalTo(col("n")))
              .select("c", "n")
              .limit(100)
              .collectAsList()) {
        out.add(table + "." + r.getString(0) + ": " + r.getString(1));
      }
    }
    return out;
  }

  @Test
  void aFailureWhoseMessageQuotesAnEmailShowsItMaskedInOutputSummaryAndRunsTable(@TempDir Path dir)
      throws IOException {
    String email = "jeanne.leak-test@example.org";
    Files.writeString(
        dir.resolve("people.csv"), "id,mail\n1," + email + "\n", StandardCharsets.UTF_8);
    // A mapping that fails quoting the value, as a Spark error about a bad value would.
    Files.writeString(
        dir.resolve("leak.conf"),
        "clientele.sources.people {\n"
            + "  path = \""
            + dir.resolve("people.csv")
            + "\", format = csv, channel = online, kind = customers\n"
            + "  options { header = \"true\" }\n"
            + "  mapping { customer_key = \"id\","
            + " email = \"raise_error(concat('no such mailbox: ', mail))\" }\n"
            + "}\n",
        StandardCharsets.UTF_8);
    Path wh = dir.resolve("warehouse");
    OutputCapture.Captured<Integer> run =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    "ingest",
                    "--as-of",
                    "2024-01-31",
                    "--config",
                    dir.resolve("leak.conf").toString(),
                    "--set",
                    "clientele.warehouse=" + wh,
                    "--run-id",
                    "leak-test"));
    assertFalse(run.result() == 0, "the run fails");
    assertTrue(
        run.text().contains("no such mailbox: " + Redact.EMAIL_MASK),
        "the failure is shown, with the address masked");
    assertFalse(run.text().contains(email), "no raw address in what the run logged or printed");

    String summary =
        Files.readString(wh.resolve("_runs/2024-01-31/leak-test.json"), StandardCharsets.UTF_8);
    assertTrue(summary.contains("no such mailbox: " + Redact.EMAIL_MASK), summary);
    assertFalse(summary.contains(email));
    // The runs table of this one failed run: one row.
    List<String> errors = table(wh, "runs").select("error").as(Encoders.STRING()).collectAsList();
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).contains(Redact.EMAIL_MASK), errors.get(0));
    assertFalse(errors.get(0).contains(email), errors.get(0));
    assertFalse(Arrays.toString(errors.toArray()).contains("example.org"));
  }
}
