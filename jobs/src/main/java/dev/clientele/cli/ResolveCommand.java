package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description =
        "Resolves identities into customers; writes the identity map, unified profiles and transactions.")
final class ResolveCommand extends StageCommand {
  @picocli.CommandLine.Option(
      names = "--plan",
      description =
          "Prints the comparisons each blocking rule would generate, then stops (nothing written).")
  boolean plan;

  @picocli.CommandLine.Option(
      names = "--full-refresh",
      description =
          "Rewrite the whole silver transactions table instead of merging what changed "
              + "(same as --set clientele.identity.full-refresh=true).")
  boolean fullRefresh;

  @Override
  public Integer call() {
    if (fullRefresh) {
      // Passed as a setting so the stage reads it like any other key (and the summary hash shows
      // it), as ingest --full-refresh does.
      common.sets.add("clientele.identity.full-refresh=true");
    }
    if (!plan) {
      return super.call();
    }
    Settings settings = loadSettings(common);
    for (Stage stage : stages(settings)) {
      stage.validate(settings);
    }
    boolean owns = org.apache.spark.sql.SparkSession.getDefaultSession().isEmpty();
    var spark = dev.clientele.spark.SparkSessions.create(settings);
    try {
      dev.clientele.identity.ResolvePlan.print(spark, settings, System.out);
    } finally {
      // A session this command built is stopped; a test's shared session is left running.
      if (owns) {
        spark.stop();
      }
    }
    return 0;
  }

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.resolve());
  }
}
