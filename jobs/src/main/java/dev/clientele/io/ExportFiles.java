package dev.clientele.io;

import dev.clientele.Errors;
import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Files written outside the warehouse for other tools (audiences), without ever deleting anything
 * of the user's: the target must be new or an empty folder and may not be inside the warehouse; the
 * files are written to a hidden sibling folder first and renamed into place, so a failed write
 * leaves the target as it was and a reader never sees half an audience.
 */
public final class ExportFiles {
  private ExportFiles() {}

  /**
   * Refuses a target inside (or equal to) the warehouse, an existing file and a non-empty folder;
   * usage errors, checked before any data is read. Returns the qualified target.
   */
  public static String requireNewTarget(Configuration hadoop, String target, String warehouse) {
    Path t = new Path(target);
    try {
      FileSystem fs = t.getFileSystem(hadoop);
      String qualified = fs.makeQualified(t).toString();
      if (inside(canonical(qualified), canonical(warehouse))) {
        throw Errors.usage(
            "--out "
                + qualified
                + " is inside the warehouse "
                + warehouse
                + "; write audiences to a folder of their own outside it");
      }
      if (fs.exists(t)) {
        FileStatus status = fs.getFileStatus(t);
        if (!status.isDirectory()) {
          throw Errors.usage(
              "--out " + qualified + " is an existing file; give a new or empty folder");
        }
        if (fs.listStatus(t).length > 0) {
          throw Errors.usage(
              "--out "
                  + qualified
                  + " is a folder that is not empty; nothing is ever overwritten or deleted:"
                  + " give a new or empty folder");
        }
      }
      return qualified;
    } catch (IOException e) {
      throw Errors.cannotRead("the --out folder", target, e);
    }
  }

  /**
   * Writes {@code rows} as {@code format} (csv with a header, or parquet) into the new or empty
   * folder {@code target} by way of the sibling {@code .<name>.<tag>.tmp}; {@code tag} (the run id)
   * keeps two exports to one parent apart.
   */
  public static void write(
      Configuration hadoop, Dataset<Row> rows, String format, String target, String tag) {
    Path t = new Path(target);
    Path tmp = new Path(t.getParent(), "." + t.getName() + "." + tag + ".tmp");
    // ErrorIfExists: the temporary folder is ours alone; a leftover of a killed run is reported.
    DataFrameWriter<Row> writer = rows.write().mode(SaveMode.ErrorIfExists).format(format);
    if (format.equals("csv")) {
      writer = writer.option("header", "true");
    }
    writer.save(tmp.toString());
    try {
      FileSystem fs = t.getFileSystem(hadoop);
      if (!fs.exists(t)) {
        rename(fs, tmp, t);
        return;
      }
      // The target appeared, or was an empty folder: checked again, then filled file by file.
      if (!fs.getFileStatus(t).isDirectory() || fs.listStatus(t).length > 0) {
        throw Errors.usage(
            "--out "
                + target
                + " was filled while the audience was written; the audience is left in "
                + tmp);
      }
      for (FileStatus f : fs.listStatus(tmp)) {
        rename(fs, f.getPath(), new Path(t, f.getPath().getName()));
      }
      // Not recursive: only the now empty folder this export created.
      fs.delete(tmp, false);
    } catch (IOException e) {
      throw Errors.cannotWrite(
          "the audience",
          target,
          e,
          "the files written so far are in " + tmp + "; check that the folder is writable");
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  /** Whether {@code path} is {@code root} or below it (both without a trailing slash). */
  static boolean inside(String path, String root) {
    return path.equals(root) || path.startsWith(root.endsWith("/") ? root : root + "/");
  }

  /** Local paths with symbolic links and {@code ..} resolved, so no spelling escapes the check. */
  static String canonical(String uri) {
    String u = uri.replaceAll("/+$", "");
    if (!u.startsWith("file:")) {
      return u;
    }
    String local = new Path(u).toUri().getPath();
    try {
      return "file:" + new File(local).getCanonicalPath();
    } catch (IOException e) {
      return "file:" + new File(local).getAbsolutePath();
    }
  }
}
