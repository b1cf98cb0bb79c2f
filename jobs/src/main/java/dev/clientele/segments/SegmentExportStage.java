package dev.clientele.segments;

import dev.clientele.io.ExportFiles;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code segment export}: checks the target, writes the audience of one segment by way of a
 * temporary folder, and records it in {@code export_audit}. The run summary (written by the runner)
 * holds the same counts; neither holds a member or an identifier.
 */
public final class SegmentExportStage implements Stage {
  static final StructType AUDIT =
      StructType.fromDDL(
          Cols.RUN_ID
              + " string, "
              + Cols.SNAPSHOT_DATE
              + " date, "
              + Cols.FAMILY
              + " string, "
              + Cols.SEGMENT
              + " string, "
              + Cols.EXPORTED_COUNT
              + " bigint, "
              + Cols.EXCLUDED_AGE_COUNT
              + " bigint, "
              + Cols.DROPPED_COUNT
              + " bigint, "
              + Cols.HASH_KIND
              + " string, "
              + Cols.EXPORT_FORMAT
              + " string, "
              + Cols.TARGET_PATH
              + " string, "
              + Cols.EXPORTED_AT_TS
              + " timestamp");

  private final SegmentExport.Params params;
  private final String format;
  private final String target;
  private final Function<TableIO, Dataset<Row>> plainEmails;

  /**
   * @param format csv or parquet
   * @param target the --out folder (new or empty, outside the warehouse)
   * @param plainEmails reads the customers' e-mails as given (sha256 only)
   */
  public SegmentExportStage(
      SegmentExport.Params params,
      String format,
      String target,
      Function<TableIO, Dataset<Row>> plainEmails) {
    this.params = params;
    this.format = format;
    this.target = target;
    this.plainEmails = plainEmails;
  }

  @Override
  public String name() {
    return "export";
  }

  @Override
  public StageResult run(RunContext ctx) {
    TableIO io = ctx.io();
    Configuration hadoop = ctx.spark().sparkContext().hadoopConfiguration();
    // Before any data is read.
    String out = ExportFiles.requireNewTarget(hadoop, target, io.warehouse());
    Dataset<Row> segments = io.readSnapshot(Tables.CUSTOMER_SEGMENTS, params.snapshot());
    SegmentExport.requireSegment(segments, params.family(), params.segment());
    Dataset<Row> emails =
        params.hash() == SegmentExport.HashKind.sha256 ? plainEmails.apply(io) : null;
    Dataset<Row> candidates =
        SegmentExport.candidates(segments, io.read(Tables.UNIFIED_PROFILES), emails, params)
            .persist();
    try {
      Map<String, Long> outcomes = SegmentExport.outcomes(candidates);
      // One file: campaign tools expect a single audience file, and audiences are modest.
      ExportFiles.write(
          hadoop, SegmentExport.audience(candidates).coalesce(1), format, out, ctx.runId());
      long exported = outcomes.get("exported");
      long byAge = outcomes.get(SegmentExport.UNDER_AGE) + outcomes.get(SegmentExport.UNKNOWN_AGE);
      long dropped = outcomes.get(SegmentExport.NOTHING_EXPORTABLE);
      Row audit =
          RowFactory.create(
              ctx.runId(),
              java.sql.Date.valueOf(params.snapshot()),
              params.family(),
              params.segment(),
              exported,
              byAge,
              dropped,
              params.hash().name(),
              format,
              out,
              Timestamp.from(Instant.now()));
      io.append(
          Tables.EXPORT_AUDIT,
          TableIO.withAudit(io.spark().createDataFrame(List.of(audit), AUDIT), ctx.runId()));
      System.out.printf(
          "[clientele] exported %d members of %s / %s (snapshot %s, %s) to %s; left out: %d for"
              + " age, %d with nothing exportable%n",
          exported,
          params.family(),
          params.segment(),
          params.snapshot(),
          params.hash(),
          out,
          byAge,
          dropped);
      long members = outcomes.values().stream().mapToLong(Long::longValue).sum();
      return new StageResult(members, exported)
          .detail("family", params.family())
          .detail("segment", params.segment())
          .detail("snapshot_date", params.snapshot().toString())
          .detail("hash", params.hash().name())
          .detail("format", format)
          .detail("target", out)
          .detail("outcomes", outcomes);
    } finally {
      candidates.unpersist();
    }
  }
}
