package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Tables;
import dev.clientele.segments.SegmentExport;
import dev.clientele.spark.SparkSessions;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment export}: writes the marketable members of one segment for campaign tools. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Writes the marketable members of a segment (customer_id, email_hash, phone_hash; never raw"
            + " personal data) of the latest published snapshot, or of --as-of.")
final class SegmentExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--family", required = true, paramLabel = "F", description = "Segment family.")
  String family;

  @Option(names = "--segment", required = true, paramLabel = "S", description = "Segment name.")
  String segment;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "csv|parquet",
      description = "Output format. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory.")
  String out;

  enum Format {
    csv,
    parquet
  }

  @Override
  public Integer call() {
    Settings settings = StageCommand.loadSettings(common);
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    try {
      TableIO io = new TableIO(spark, settings.warehouse());
      LocalDate snapshot = SegmentExport.snapshot(io, common.asOf);
      Dataset<Row> segments = io.readSnapshot(Tables.CUSTOMER_SEGMENTS, snapshot);
      SegmentExport.requireSegment(segments, family, segment);
      Dataset<Row> members =
          SegmentExport.members(segments, io.read(Tables.UNIFIED_PROFILES), family, segment);
      // One file: campaign tools expect a single audience file, and audiences are modest.
      var writer = members.coalesce(1).write().mode(SaveMode.Overwrite);
      String target = Settings.absoluteUri(out);
      if (format == Format.csv) {
        writer.option("header", "true").csv(target);
      } else {
        writer.parquet(target);
      }
      long n = spark.read().format(format.name()).option("header", "true").load(target).count();
      System.out.printf(
          "[clientele] exported %d marketable members of %s / %s (snapshot %s) to %s%n",
          n, family, segment, snapshot, target);
      return 0;
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
  }
}
