package dev.clientele.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

import dev.clientele.Errors;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The data files a Delta table's log has removed (its tombstones: files of older versions, which
 * time travel reads) and its change-data files, deleted from storage unless the latest version or
 * the published version still reads them: what {@code purge} does after an erasure, so that no
 * older version of a table keeps the erased person. Unlike {@code VACUUM ... RETAIN 0 HOURS} it
 * never deletes a file the log does not name, so a concurrent writer's uncommitted files are safe;
 * files of a killed run (never committed) are left to the scheduled VACUUM.
 */
public final class RemovedFiles {
  private RemovedFiles() {}

  /** What a purge deleted from one table. */
  public record Purged(long files, long bytes) {}

  /**
   * Deletes the table's tombstoned and change-data files that neither its latest version nor {@code
   * publishedVersion} reads. Time travel to the versions that read them fails afterwards.
   */
  public static Purged purge(TableIO io, String table, OptionalLong publishedVersion) {
    Path root = new Path(io.path(table));
    try {
      FileSystem fs = root.getFileSystem(io.spark().sparkContext().hadoopConfiguration());
      Set<String> keep = new HashSet<>();
      keep.addAll(
          qualified(
              fs,
              Arrays.asList(io.spark().read().format("delta").load(io.path(table)).inputFiles())));
      if (publishedVersion.isPresent()) {
        String[] pinned =
            io.spark()
                .read()
                .format("delta")
                .option("versionAsOf", publishedVersion.getAsLong())
                .load(io.path(table))
                .inputFiles();
        keep.addAll(qualified(fs, Arrays.asList(pinned)));
      }
      long files = 0;
      long bytes = 0;
      for (String named : namedByLog(io, fs, root)) {
        Path p = new Path(named);
        if (keep.contains(named) || !fs.exists(p)) {
          continue;
        }
        FileStatus status = fs.getFileStatus(p);
        if (fs.delete(p, false)) {
          files++;
          bytes += status.getLen();
        }
      }
      return new Purged(files, bytes);
    } catch (IOException e) {
      throw Errors.cannotWrite("the removed files of " + table, root.toString(), e);
    }
  }

  /**
   * Every data and change-data file the log's commits and checkpoints name as removed or as change
   * data, qualified. File paths are metadata, one per file ever removed since the log's retention:
   * thousands, not rows, so they come to the driver like VACUUM's own listing.
   */
  static Set<String> namedByLog(TableIO io, FileSystem fs, Path root) throws IOException {
    Path log = new Path(root, "_delta_log");
    Set<String> relative = new TreeSet<>();
    if (fs.globStatus(new Path(log, "*.json")).length > 0) {
      Dataset<Row> actions = io.spark().read().text(new Path(log, "*.json").toString());
      relative.addAll(
          actions
              .select(get_json_object(col("value"), "$.remove.path").as("p"))
              .union(actions.select(get_json_object(col("value"), "$.cdc.path")))
              .where(col("p").isNotNull())
              .distinct()
              .as(Encoders.STRING())
              .collectAsList());
    }
    FileStatus[] checkpoints = fs.globStatus(new Path(log, "*.checkpoint*.parquet"));
    if (checkpoints.length > 0) {
      Dataset<Row> cp =
          io.spark()
              .read()
              .parquet(
                  Arrays.stream(checkpoints)
                      .map(s -> s.getPath().toString())
                      .toArray(String[]::new));
      if (Arrays.asList(cp.columns()).contains("remove")) {
        relative.addAll(
            cp.where(col("remove").isNotNull())
                .select(col("remove.path"))
                .distinct()
                .as(Encoders.STRING())
                .collectAsList());
      }
    }
    Set<String> out = new TreeSet<>();
    for (String r : relative) {
      out.add(resolve(fs, root, r));
    }
    return out;
  }

  /** A log path (a URI, relative to the table or absolute) as a qualified path string. */
  static String resolve(FileSystem fs, Path root, String logPath) {
    try {
      URI uri = new URI(logPath);
      Path p = uri.isAbsolute() ? new Path(uri) : new Path(root, new Path(uri));
      return fs.makeQualified(p).toString();
    } catch (URISyntaxException e) {
      throw Errors.cannotRead("a path in the Delta log", root.toString(), e);
    }
  }

  private static List<String> qualified(FileSystem fs, List<String> paths) {
    return paths.stream().map(p -> fs.makeQualified(new Path(URI.create(p))).toString()).toList();
  }
}
