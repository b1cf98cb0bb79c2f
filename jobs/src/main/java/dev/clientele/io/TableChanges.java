package dev.clientele.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * What a Delta table gained between two of its versions, read from its log and from the files those
 * commits added, nothing else: what an incremental aggregate needs to stay current without scanning
 * the history. A commit that removed data (a delete, an erasure, a MERGE that updated rows, an
 * overwrite) cannot be replayed as an increment: the partitions it touched are reported, for the
 * caller to re-aggregate from the table. A compaction (OPTIMIZE: files removed and added without a
 * data change) adds no rows.
 */
public final class TableChanges {
  private TableChanges() {}

  /**
   * @param added the rows of the files added with a data change (all partitions), with the table's
   *     schema at the end version
   * @param removedFrom values of the partition column of the files removed with a data change (or
   *     given deletion vectors): their rows are not in {@code added} alone, re-read them
   */
  public record Increment(Dataset<Row> added, Set<String> removedFrom) {}

  /**
   * The changes of the commits after {@code fromVersion} up to {@code toVersion} included; empty
   * when a commit in between is no longer in the log (log retention) or removed a file outside any
   * value of {@code partitionColumn}, so that only a rebuild can be exact.
   */
  public static Optional<Increment> between(
      TableIO io, String table, String partitionColumn, long fromVersion, long toVersion) {
    DeltaLog log = DeltaLog.forTable(io.spark(), io.path(table));
    List<AddFile> added = new ArrayList<>();
    Set<String> removedFrom = new TreeSet<>();
    long expected = fromVersion + 1;
    try {
      // The commits' actions: metadata from _delta_log, one entry per file, no data read.
      var changes = log.getChanges(fromVersion + 1, toVersion, scala.Option.empty(), true);
      while (changes.hasNext()) {
        Tuple2<Object, scala.collection.immutable.Seq<Action>> commit = changes.next();
        if ((Long) commit._1() != expected) {
          return Optional.empty();
        }
        expected++;
        for (Action a : CollectionConverters.asJava(commit._2())) {
          if (a instanceof RemoveFile r && r.dataChange()) {
            Optional<String> p = partition(r.partitionValues(), partitionColumn);
            if (p.isEmpty()) {
              return Optional.empty();
            }
            removedFrom.add(p.get());
          } else if (a instanceof AddFile f && f.dataChange()) {
            if (f.deletionVector() != null) {
              // Rows deleted in place: like a removal, the partition is re-read.
              Optional<String> p = partition(f.partitionValues(), partitionColumn);
              if (p.isEmpty()) {
                return Optional.empty();
              }
              removedFrom.add(p.get());
            } else {
              added.add(f);
            }
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
    Snapshot at = log.getSnapshotAt(toVersion, scala.Option.empty(), scala.Option.empty(), false);
    // Delta's own reader over exactly these files: partition values, schema evolution and column
    // mapping handled as in a normal read.
    Dataset<Row> rows =
        log.createDataFrame(
            at, CollectionConverters.asScala(added).toSeq(), false, scala.Option.empty());
    return Optional.of(new Increment(rows, Set.copyOf(removedFrom)));
  }

  private static Optional<String> partition(
      scala.collection.immutable.Map<String, String> values, String column) {
    if (values == null) {
      return Optional.empty();
    }
    scala.Option<String> v = values.get(column);
    return v.isDefined() && v.get() != null ? Optional.of(v.get()) : Optional.empty();
  }
}
