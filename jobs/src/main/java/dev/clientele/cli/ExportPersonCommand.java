package dev.clientele.cli;

import dev.clientele.Errors;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.Erasure;
import dev.clientele.privacy.ErasureRequest;
import dev.clientele.privacy.PersonExport;
import dev.clientele.spark.SparkSessions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The right of access: {@code export-person} writes everything the warehouse holds about one
 * person, named by erase's selectors and found the way erase finds them, to a new folder outside
 * the warehouse. It only reads the warehouse; it prints counts and table names, never a value.
 */
@Command(
    name = "export-person",
    mixinStandardHelpOptions = true,
    description =
        "Writes every row held about one person (the rows erase would delete: every table keyed"
            + " by person, every snapshot) as JSON lines, one file per table, with a manifest, to"
            + " a new or empty folder outside the warehouse. Reads the warehouse only; --as-of is"
            + " not used.")
final class ExportPersonCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin PersonSelectors person;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "A new or empty folder outside the warehouse; nothing is overwritten.")
  String out;

  @Override
  public Integer call() {
    Settings settings = StageCommand.loadSettings(common);
    if (common.printConfig) {
      System.out.println(settings.render());
      return 0;
    }
    ErasureRequest request = onePerson(person.requests());
    Erasure.Params params = EraseCommand.params(settings);
    String runId = common.runId != null ? common.runId : StageCommand.newRunId();
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    try {
      spark.sparkContext().setJobGroup("export-person", "clientele export-person", false);
      PersonExport.Result r =
          new PersonExport(new TableIO(spark, settings.warehouse()), params)
              .export(request, Settings.absoluteUri(out), runId);
      print(r);
      return 0;
    } finally {
      spark.sparkContext().clearJobGroup();
      if (ownsSession) {
        spark.stop();
      }
    }
  }

  private static ErasureRequest onePerson(List<ErasureRequest> requests) {
    if (requests.size() != 1) {
      throw Errors.usage(
          "export-person exports one person, and the requests file names "
              + requests.size()
              + "; give a file with one request line (or one export per person)");
    }
    return requests.get(0);
  }

  /** Counts and table names only: nothing that names the person. */
  private static void print(PersonExport.Result r) {
    Map<String, Long> held =
        r.rows().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    Map.Entry::getValue,
                    (a, b) -> a,
                    java.util.LinkedHashMap::new));
    held.forEach(
        (table, n) -> System.out.printf(Locale.ROOT, "[clientele] %-22s %,d rows%n", table, n));
    System.out.printf(
        Locale.ROOT,
        "[clientele] exported %,d rows of one person from %d of %d tables keyed by person to the"
            + " --out folder (%s lists them)%n",
        r.total(),
        held.size(),
        r.rows().size(),
        PersonExport.MANIFEST);
  }
}
