package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.IngestSettings;
import dev.clientele.config.Settings;
import dev.clientele.config.SourceSettings;
import dev.clientele.ingest.IngestedFiles.FileId;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads every configured source's new files, maps them to the canonical model, quarantines rows
 * that break the contract, checks the data-quality gate, then writes bronze, quarantine and the
 * ingested-files ledger. Nothing is written when a source fails the gate.
 */
public final class IngestStage implements Stage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestStage.class);

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public void validate(Settings settings) {
    IngestSettings.from(settings.config()).validate();
  }

  @Override
  public StageResult run(RunContext ctx) {
    IngestSettings settings = IngestSettings.from(ctx.settings().config());
    settings.validate();
    List<SourceBatch> batches = new ArrayList<>();
    try {
      for (SourceSettings s : settings.sources().values()) {
        batches.add(prepare(ctx, settings, s));
      }
      List<Reconciliation> counts = new ArrayList<>();
      for (SourceBatch b : batches) {
        counts.add(Reconciliation.of(b.source().name(), b.rows(), b.files().size(), b.skipped()));
      }
      // The gate is checked for every source before anything is written.
      counts.forEach(c -> c.checkGate(settings.maxQuarantineShare()));
      write(ctx, batches);
      Map<String, Object> unknown = new LinkedHashMap<>();
      batches.stream()
          .filter(b -> !b.unknownColumns().isEmpty())
          .forEach(b -> unknown.put(b.source().name(), b.unknownColumns()));
      if (!unknown.isEmpty()) {
        ctx.summary().dataQuality("ingest_unknown_columns", unknown);
      }
      return result(ctx, counts, batches);
    } finally {
      batches.stream().filter(b -> b.rows() != null).forEach(b -> b.rows().unpersist());
    }
  }

  private static SourceBatch prepare(RunContext ctx, IngestSettings settings, SourceSettings s) {
    Dataset<Row> ledger = ctx.io().readIfExists(Tables.INGESTED_FILES);
    String recorded = IngestedFiles.recordedSchema(ledger, s.name());
    List<FileId> known = settings.fullRefresh() ? List.of() : IngestedFiles.known(ledger, s.name());
    FreshInput fresh =
        "delta".equals(s.format())
            ? FreshInput.ofDelta(
                ctx, s, settings.fullRefresh() ? null : IngestedFiles.lastVersion(ledger, s.name()))
            : FreshInput.ofFiles(ctx, s, known, settings.fullRefresh(), recorded);
    if (fresh.raw() == null) {
      return nothingNew(settings, s, fresh.skipped(), recorded);
    }
    Dataset<Row> raw = fresh.raw();
    List<String> found = SourceReader.sourceColumns(raw);
    StructType sourceSchema = SchemaDrift.sourceSchema(raw.schema(), found);
    if (!settings.fullRefresh()) {
      // A full refresh re-reads every file under the new schema: the deliberate way past drift.
      SchemaDrift.checkAgainstRecorded(s, sourceSchema, recorded);
    }
    MappingCheck.requireColumns(s, found);
    List<String> unknown = SchemaDrift.unknownColumns(s, found);
    SchemaDrift.checkUnknown(s, settings.unknownColumns(), unknown);
    if (!unknown.isEmpty()) {
      LOG.warn("source '{}': columns no mapping uses are ignored: {}", s.name(), unknown);
    }
    String ddl = SchemaDrift.ddl(sourceSchema);
    int skipped = fresh.skipped();
    Dataset<Row> batch = fresh.raw();
    SourceMapping.Params params =
        new SourceMapping.Params(
            s,
            settings.exchangeRates(),
            settings.maxAbsAmount(),
            settings.attributes().attributes());
    Dataset<Row> upserts = Lenient.build(ctx.spark(), () -> SourceMapping.map(batch, params));
    Dataset<Row> mapped = upserts;
    Dataset<Row> deletedKeys = null;
    if (fresh.deletes() != null) {
      // Delta changes: the last change of each key in the version range, deletes apart.
      Dataset<Row> deleted =
          Lenient.build(ctx.spark(), () -> SourceMapping.map(fresh.deletes(), params));
      deletedKeys = KeyedChanges.deletedKeys(upserts, deleted);
      mapped = KeyedChanges.latestUpserts(upserts, deleted);
    }
    SourceBatch b =
        new SourceBatch(
            s,
            fresh.files(),
            skipped,
            null,
            fresh.replaced(),
            ddl,
            unknown,
            fresh.tableVersion(),
            deletedKeys);
    Dataset<Row> suppressed = ctx.io().readIfExists(dev.clientele.privacy.Erasure.SUPPRESSION);
    Dataset<Row> deduplicated = Duplicates.mark(mapped, existingKeys(ctx, b));
    Dataset<Row> rows =
        (suppressed == null
                ? deduplicated
                : Suppression.mark(
                    deduplicated,
                    suppressed,
                    Suppression.keys(
                        suppressed,
                        dev.clientele.identity.Hashing.allFromConfig(ctx.settings().config())),
                    // Suppressed source keys are hashed in the key space of the customer source.
                    dev.clientele.config.CustomerSources.of(ctx.settings().config())
                        .getOrDefault(s.name(), s.name()),
                    // The run's normalisers: every spelling the resolver equates is suppressed.
                    Suppression.rules(ctx.settings().config())))
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new SourceBatch(
        s,
        fresh.files(),
        skipped,
        rows,
        fresh.replaced(),
        ddl,
        unknown,
        fresh.tableVersion(),
        deletedKeys);
  }

  /** Nothing new is read; the mapping is still checked against the columns last recorded. */
  private static SourceBatch nothingNew(
      IngestSettings settings, SourceSettings s, int skipped, String recorded) {
    if (recorded == null || recorded.isBlank()) {
      return new SourceBatch(s, List.of(), skipped, null, List.of(), "", List.of(), null, null);
    }
    List<String> found = List.of(StructType.fromDDL(recorded).fieldNames());
    MappingCheck.requireColumns(s, found);
    List<String> unknown = SchemaDrift.unknownColumns(s, found);
    SchemaDrift.checkUnknown(s, settings.unknownColumns(), unknown);
    return new SourceBatch(s, List.of(), skipped, null, List.of(), recorded, unknown, null, null);
  }

  /** Keys already in bronze for the source, minus the rows this run replaces. */
  private static Dataset<Row> existingKeys(RunContext ctx, SourceBatch b) {
    Dataset<Row> bronze = ctx.io().readIfExists(b.source().kind().table());
    // A delta source's rows are replaced by key (a snapshot: all of them), never duplicates.
    if (bronze == null || b.replaced() == null || b.tableVersion() != null) {
      return null;
    }
    Dataset<Row> kept =
        bronze
            .where(col(Cols.SOURCE).equalTo(b.source().name()))
            .where("NOT " + b.predicate(Cols.INGEST_FILE));
    if (b.source().kind() == Kind.CUSTOMERS && !List.of(kept.columns()).contains(Cols.ATTRIBUTES)) {
      // Bronze written before custom attributes existed: its rows have none.
      kept = kept.withColumn(Cols.ATTRIBUTES, lit(null).cast("map<string,string>"));
    }
    return kept.select(SourceMapping.duplicateKey(b.source()).as(SourceMapping.DUP_KEY));
  }

  private static void write(RunContext ctx, List<SourceBatch> batches) {
    List<SourceBatch> work = batches.stream().filter(b -> b.rows() != null).toList();
    TableIO io = ctx.io();
    for (Kind kind : Kind.values()) {
      List<SourceBatch> ofKind =
          work.stream().filter(b -> b.source().kind() == kind && !b.keyedChanges()).toList();
      for (SourceBatch b : work) {
        if (b.source().kind() == kind && b.keyedChanges()) {
          applyChanges(ctx, kind, b);
        }
      }
      if (!ofKind.isEmpty()) {
        Dataset<Row> accepted =
            union(
                ofKind.stream()
                    .map(b -> bronze(ctx, kind, b.rows().where(col(SourceMapping.REASON).isNull())))
                    .toList());
        io.replaceWhere(kind.table(), accepted, or(ofKind, Cols.INGEST_FILE), Cols.SOURCE);
      }
    }
    if (!work.isEmpty()) {
      Dataset<Row> quarantined = union(work.stream().map(b -> quarantine(ctx, b.rows())).toList());
      io.replaceWhere(Tables.QUARANTINE, quarantined, or(work, Cols.INGEST_FILE), Cols.SOURCE);
      io.replaceWhere(
          Tables.DATA_QUALITY_ISSUES,
          union(work.stream().map(b -> AttributeIssues.rows(ctx.runId(), b.rows())).toList()),
          or(work, Cols.INGEST_FILE),
          Cols.SOURCE);
      // The ledger goes last: a run that dies before it re-reads its files and replaces its rows.
      Dataset<Row> ledger =
          union(
              work.stream()
                  .map(
                      b ->
                          IngestedFiles.rows(
                              ctx.spark(),
                              b.source().name(),
                              b.files(),
                              b.schemaDdl(),
                              ctx.runId(),
                              b.tableVersion()))
                  .toList());
      io.replaceWhere(
          Tables.INGESTED_FILES,
          ledger,
          String.join(" OR ", work.stream().map(SourceBatch::ledgerPredicate).toList()));
    }
    createIfMissing(ctx);
  }

  private static final String DELETE = "_delete";

  /**
   * A delta source's changes in one MERGE by (source, key): accepted rows replace or insert, and
   * the keys deleted upstream or now quarantined (or erased) lose their bronze row.
   */
  private static void applyChanges(RunContext ctx, Kind kind, SourceBatch b) {
    if (!ctx.io().exists(kind.table())) {
      ctx.io()
          .append(
              kind.table(),
              ctx.spark().createDataFrame(List.<Row>of(), CanonicalModel.bronze(kind)),
              Cols.SOURCE);
    }
    Column bad = col(SourceMapping.REASON).isNotNull();
    Dataset<Row> changes =
        bronze(ctx, kind, b.rows().where(bad.unary_$bang()))
            .withColumn(DELETE, lit(false))
            .unionByName(bronze(ctx, kind, b.rows().where(bad)).withColumn(DELETE, lit(true)))
            .unionByName(bronze(ctx, kind, b.deletedKeys()).withColumn(DELETE, lit(true)));
    List<String> keys = new ArrayList<>(List.of(Cols.SOURCE));
    keys.addAll(b.source().key());
    ctx.io().applyChanges(kind.table(), changes, DELETE, keys);
  }

  private static Dataset<Row> bronze(RunContext ctx, Kind kind, Dataset<Row> accepted) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : CanonicalModel.data(kind).fields()) {
      cols.add(col(f.name()));
    }
    cols.add(col(SourceReader.FILE_PATH).as(Cols.INGEST_FILE));
    cols.add(current_timestamp().as(Cols.INGEST_TS));
    return TableIO.withAudit(accepted.select(cols.toArray(Column[]::new)), ctx.runId());
  }

  private static Dataset<Row> quarantine(RunContext ctx, Dataset<Row> rows) {
    return rows.where(col(SourceMapping.REASON).isNotNull())
        .select(
            col(Cols.SOURCE),
            lit(ctx.runId()).as(Cols.RUN_ID),
            col(SourceMapping.REASON).as(CanonicalModel.REASON),
            col(SourceMapping.DETAIL).as(CanonicalModel.DETAIL),
            // An erased person's row is counted, never stored again.
            when(col(SourceMapping.REASON).equalTo(Suppression.REASON), lit(null).cast("string"))
                .otherwise(col(SourceReader.RAW))
                .as(CanonicalModel.RAW_ROW),
            col(SourceReader.FILE_PATH).as(Cols.INGEST_FILE),
            current_timestamp().as(Cols.INGEST_TS),
            current_timestamp().as(Cols.COMPUTED_AT_TS));
  }

  /** Downstream stages can rely on every ingest table existing, even with no row of a kind. */
  private static void createIfMissing(RunContext ctx) {
    Map<String, org.apache.spark.sql.types.StructType> tables = new LinkedHashMap<>();
    for (Kind kind : Kind.values()) {
      tables.put(kind.table(), CanonicalModel.bronze(kind));
    }
    tables.put(Tables.QUARANTINE, CanonicalModel.QUARANTINE);
    tables.put(Tables.INGESTED_FILES, IngestedFiles.SCHEMA);
    tables.put(Tables.DATA_QUALITY_ISSUES, AttributeIssues.SCHEMA);
    tables.forEach(
        (table, schema) -> {
          if (!ctx.io().exists(table)) {
            Dataset<Row> empty = ctx.spark().createDataFrame(List.<Row>of(), schema);
            boolean bySource = !table.equals(Tables.INGESTED_FILES);
            ctx.io().append(table, empty, bySource ? new String[] {Cols.SOURCE} : new String[0]);
          }
        });
  }

  private static StageResult result(
      RunContext ctx, List<Reconciliation> counts, List<SourceBatch> batches) {
    Map<String, Object> sources = new LinkedHashMap<>();
    Map<String, Object> shares = new LinkedHashMap<>();
    long read = 0;
    long accepted = 0;
    for (int i = 0; i < counts.size(); i++) {
      Reconciliation c = counts.get(i);
      Map<String, Object> detail = c.asMap();
      if (!batches.get(i).unknownColumns().isEmpty()) {
        detail.put("unknown_columns", batches.get(i).unknownColumns());
      }
      if (batches.get(i).tableVersion() != null) {
        detail.put("table_version", batches.get(i).tableVersion());
        detail.put("read_as", batches.get(i).keyedChanges() ? "change_data_feed" : "snapshot");
      }
      if (batches.get(i).source().kind() == Kind.CUSTOMERS) {
        detail.put("attribute_issues", AttributeIssues.counts(batches.get(i).rows()));
      }
      sources.put(c.source(), detail);
      shares.put(c.source(), c.share());
      read += c.read();
      accepted += c.accepted();
    }
    ctx.summary().dataQuality("ingest_quarantine_share", shares);
    return new StageResult(read, accepted).detail("sources", sources);
  }

  private static String or(List<SourceBatch> batches, String fileColumn) {
    return String.join(" OR ", batches.stream().map(b -> b.predicate(fileColumn)).toList());
  }

  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    Dataset<Row> out = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      out = out.unionByName(parts.get(i));
    }
    return out;
  }
}
