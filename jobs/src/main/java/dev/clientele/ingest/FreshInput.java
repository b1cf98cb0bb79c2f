package dev.clientele.ingest;

import dev.clientele.config.SourceSettings;
import dev.clientele.ingest.IngestedFiles.FileId;
import dev.clientele.io.SourceFiles;
import dev.clientele.pipeline.RunContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A source's files not in the ledger and the read of those alone (raw null: nothing is new).
 *
 * @param skipped files of the source already ingested (delta: 1 when the version is unchanged)
 * @param replaced see {@link SourceBatch}
 * @param deletes delta changes: the rows deleted upstream (null otherwise)
 */
record FreshInput(
    List<FileId> files,
    int skipped,
    Dataset<Row> raw,
    List<String> replaced,
    Long tableVersion,
    Dataset<Row> deletes) {
  /** File formats: the listing minus the ledger; only the new files are opened. */
  static FreshInput ofFiles(
      RunContext ctx, SourceSettings s, List<FileId> known, boolean fullRefresh, String recorded) {
    List<SourceFiles.Listed> listed =
        SourceFiles.list(ctx.spark().sessionState().newHadoopConf(), s.path());
    List<SourceFiles.Listed> fresh =
        listed.stream().filter(l -> !known.contains(FileId.of(l.status()))).toList();
    int skipped = listed.size() - fresh.size();
    List<FileId> ids = fresh.stream().map(l -> FileId.of(l.status())).toList();
    if (fresh.isEmpty()) {
      return new FreshInput(ids, skipped, null, List.of(), null, null);
    }
    Dataset<Row> raw = SourceReader.read(ctx.spark(), s, fresh, fullRefresh ? null : recorded);
    List<String> replaced = fullRefresh ? null : ids.stream().map(FileId::path).toList();
    return new FreshInput(ids, skipped, raw, replaced, null, null);
  }

  /**
   * Delta: by table version (docs/ingest.md): nothing when the version did not move, the changes
   * since {@code last} with Change Data Feed, else the current snapshot replacing the source.
   */
  static FreshInput ofDelta(RunContext ctx, SourceSettings s, Long last) {
    long current = DeltaSource.currentVersion(ctx.spark(), s);
    if (last != null && last == current) {
      return new FreshInput(List.of(), 1, null, List.of(), null, null);
    }
    DeltaSource.Read r = DeltaSource.read(ctx.spark(), s, last, current);
    List<FileId> table = List.of(new FileId(s.path(), 0L, null));
    if (r.snapshot()) {
      return new FreshInput(table, 0, r.upserts(), null, current, null);
    }
    List<String> versions = new ArrayList<>();
    for (long v = last + 1; v <= current; v++) {
      versions.add(DeltaSource.versionToken(s, v));
    }
    return new FreshInput(table, 0, r.upserts(), versions, current, r.deletes());
  }
}
