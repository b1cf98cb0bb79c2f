package dev.clientele.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a configuration key (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "The scheduler's run id; generated otherwise.")
  String runId;

  @Option(
      names = "--print-config",
      description = "Print the merged configuration (secrets masked) and exit.")
  boolean printConfig;
}
