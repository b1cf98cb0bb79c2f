package dev.clientele.cli;

import dev.clientele.config.ExportSettings;
import dev.clientele.config.IdentitySettings;
import dev.clientele.config.Settings;
import dev.clientele.identity.Normalise;
import dev.clientele.identity.PlainEmails;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.Runner;
import dev.clientele.schema.Tables;
import dev.clientele.segments.SegmentExport;
import dev.clientele.segments.SegmentExportStage;
import dev.clientele.spark.SparkSessions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment export}: writes the contactable members of one segment for campaign tools. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Writes the members of a segment who may be contacted (customer_id, email_hash,"
            + " phone_hash, each only with its channel's consent; never raw personal data) of the"
            + " latest published snapshot, or of --as-of, to a new or empty folder outside the"
            + " warehouse.")
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

  @Option(
      names = "--hash",
      defaultValue = "hmac",
      paramLabel = "hmac|sha256",
      description =
          "hmac: this warehouse's keyed hashes; sha256: unsalted SHA-256 of the trimmed,"
              + " lower-cased e-mail and of the E.164 phone, as advertising platforms match them."
              + " Default: ${DEFAULT-VALUE}.")
  SegmentExport.HashKind hash;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "A new or empty folder outside the warehouse; nothing is overwritten.")
  String out;

  enum Format {
    csv,
    parquet
  }

  @Override
  public Integer call() {
    Settings settings = StageCommand.loadSettings(common);
    ExportSettings rules = ExportSettings.from(settings.config());
    IdentitySettings identity = IdentitySettings.from(settings.config());
    Normalise.EmailRules emailRules =
        new Normalise.EmailRules(
            identity.emailDotInsensitiveDomains(), identity.emailPlusTagDomains());
    String runId = common.runId != null ? common.runId : StageCommand.newRunId();
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    try {
      LocalDate snapshot =
          SegmentExport.snapshot(new TableIO(spark, settings.warehouse()), common.asOf);
      SegmentExport.Params params =
          new SegmentExport.Params(
              family, segment, snapshot, hash, rules.minAge(), rules.includeUnknownAge());
      SegmentExportStage stage =
          new SegmentExportStage(
              params,
              format.name(),
              Settings.absoluteUri(out),
              io ->
                  PlainEmails.of(
                      io.read(Tables.BRONZE_CUSTOMERS),
                      io.read(Tables.CUSTOMER_IDENTITY_MAP),
                      emailRules));
      // The runner reuses this session and leaves it running; it writes the run summary.
      new Runner(settings, System.out).run("segment-export", List.of(stage), snapshot, runId);
      return 0;
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
  }
}
