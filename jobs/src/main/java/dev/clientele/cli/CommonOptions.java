package dev.clientele.cli;

import dev.clientele.Errors;
import dev.clientele.run.AsOf;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
public final class CommonOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A HOCON file layered over the profile.")
  Path config;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "${env:CLIENTELE_PROFILE:-local}",
      description =
          "Environment profile: local | cluster (env CLIENTELE_PROFILE). Default: ${DEFAULT-VALUE}.")
  String profile;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "Snapshot date: data up to the end of this day. Default: yesterday.")
  LocalDate asOf;

  @Option(
      names = "--allow-future-as-of",
      description = "Accept an --as-of after today (in clientele.time-zone); refused otherwise.")
  boolean allowFutureAsOf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a configuration key (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "The scheduler's run id: a letter or digit, then letters, digits, '.', '_' or '-';"
              + " generated otherwise.")
  String runId;

  @Option(
      names = "--print-config",
      description = "Print the merged configuration (secrets masked) and exit.")
  boolean printConfig;

  /**
   * A run id names the run summary file under {@code _runs/}: a leading letter or digit and no
   * separator keep it a single file name there ({@code ../..} would write outside the warehouse).
   */
  static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Checks the options that need no configuration; fails with a usage error. */
  void validate() {
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw Errors.usage(
          "--run-id must start with a letter or digit and contain only letters, digits, '.', '_'"
              + " and '-' (it names the run summary file); e.g. replace ':' and '+' in a"
              + " scheduler's id with '_'");
    }
  }

  /**
   * Refuses an as-of after today in the configured zone, unless --allow-future-as-of: a future
   * snapshot would be computed from incomplete days, and retention keyed on it would delete real
   * snapshots.
   */
  void requireNotFuture(LocalDate asOf, ZoneId zone) {
    LocalDate today = AsOf.today(zone);
    if (!allowFutureAsOf && asOf.isAfter(today)) {
      throw Errors.usage(
          "the as-of date "
              + asOf
              + " is after today ("
              + today
              + " in "
              + zone
              + "); give a past date, or --allow-future-as-of if this is deliberate");
    }
  }
}
