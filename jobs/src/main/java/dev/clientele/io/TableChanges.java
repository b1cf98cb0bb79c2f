package dev.clientele.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.RemoveFile;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows a Delta table gained between two of its versions, read from the files those commits
 * added and nothing else: what an incremental aggregate needs to stay current without scanning the
 * history. Only append-only ranges qualify: a commit that removed data (a delete, an erasure, a
 * MERGE that updated rows, an overwrite) makes the range unreadable as an increment, and the caller
 * rebuilds. A compaction (OPTIMIZE: files removed and added without a data change) adds no rows.
 */
public final class TableChanges {
  private TableChanges() {}

  /**
   * The rows added by the commits after {@code fromVersion} up to {@code toVersion} included, with
   * the table's schema at {@code toVersion}; empty when a commit in between removed data or is no
   * longer in the log (log retention), so that only a rebuild can be exact.
   */
  public static Optional<Dataset<Row>> addedBetween(
      TableIO io, String table, long fromVersion, long toVersion) {
    DeltaLog log = DeltaLog.forTable(io.spark(), io.path(table));
    List<AddFile> added = new ArrayList<>();
    long expected = fromVersion + 1;
    try {
      // The commits' actions: metadata read from _delta_log, one entry per file, no data read.
      var changes = log.getChanges(fromVersion + 1, toVersion, scala.Option.empty(), true);
      while (changes.hasNext()) {
        Tuple2<Object, scala.collection.immutable.Seq<Action>> commit = changes.next();
        if ((Long) commit._1() != expected) {
          return Optional.empty();
        }
        expected++;
        for (Action a : CollectionConverters.asJava(commit._2())) {
          if (a instanceof RemoveFile r && r.dataChange()) {
            return Optional.empty();
          }
          if (a instanceof AddFile f && f.dataChange()) {
            if (f.deletionVector() != null) {
              return Optional.empty();
            }
            added.add(f);
          }
        }
      }
    } catch (RuntimeException e) {
      // A version cleaned from the log (or a gap): the range cannot be replayed.
      return Optional.empty();
    }
    if (expected != toVersion + 1) {
      return Optional.empty();
    }
    Snapshot at =
        log.getSnapshotAt(toVersion, scala.Option.empty(), scala.Option.empty(), false);
    // Delta's own reader over exactly these files: partition values, schema evolution and column
    // mapping handled as in a normal read.
    return Optional.of(
        log.createDataFrame(
            at, CollectionConverters.asScala(added).toSeq(), false, scala.Option.empty()));
  }
}
