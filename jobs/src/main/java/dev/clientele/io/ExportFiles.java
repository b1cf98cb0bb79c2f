package dev.clientele.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.clientele.Errors;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Files written outside the warehouse for other tools or people (audiences, a person's data),
 * without ever deleting anything of the user's: the target must be new or an empty folder and may
 * not be inside the warehouse; the files are written to a hidden sibling folder first and renamed
 * into place, so a failed write leaves the target as it was and a reader never sees half an export.
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
                + "; write exports to a folder of their own outside it");
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
    // ErrorIfExists: the temporary folder is ours alone; a leftover of a killed run is reported.
    DataFrameWriter<Row> writer = rows.write().mode(SaveMode.ErrorIfExists).format(format);
    DataFrameWriter<Row> w = format.equals("csv") ? writer.option("header", "true") : writer;
    publish(
        hadoop,
        target,
        tag,
        "the audience",
        tmp -> {
          w.save(tmp.toString());
          return null;
        });
  }

  /**
   * Fills the new or empty folder {@code target} with files of one's own ({@link Folder}) by way of
   * the same hidden sibling as {@link #write}, and returns what {@code fill} returns; {@code what}
   * names the contents in messages ("the person's data").
   */
  public static <T> T writeFiles(
      Configuration hadoop, String target, String tag, String what, Function<Folder, T> fill) {
    return publish(hadoop, target, tag, what, tmp -> fill.apply(new Folder(hadoop, tmp)));
  }

  /**
   * The hidden folder an export is written into before it is renamed into place; files are added by
   * name and never overwrite one another.
   */
  public static final class Folder {
    private final FileSystem fs;
    private final Path dir;

    private Folder(Configuration hadoop, Path dir) {
      try {
        FileSystem any = dir.getFileSystem(hadoop);
        // Local files without Hadoop's hidden .crc beside each: the folder is for people to read.
        this.fs = any instanceof ChecksumFileSystem c ? c.getRawFileSystem() : any;
        this.dir = dir;
        if (fs.exists(dir) || !fs.mkdirs(dir)) {
          throw new IOException("the temporary folder exists already or cannot be created");
        }
      } catch (IOException e) {
        throw Errors.cannotWrite("the temporary folder", dir.toString(), e, WRITABLE);
      }
    }

    /**
     * Writes {@code rows} to the file {@code name} as JSON lines: one object a row, every column
     * (nulls included), nested values as JSON. No file when there is no row. Returns the rows
     * written.
     */
    public long jsonLines(String name, Dataset<Row> rows) {
      Column json = to_json(struct(col("*")), Map.of("ignoreNullFields", "false"));
      // One partition, so the lines stream to the driver in one job; callers write a small set of
      // rows (one person's), not a table.
      Iterator<String> lines =
          rows.select(json).as(Encoders.STRING()).repartition(1).toLocalIterator();
      long n = 0;
      if (!lines.hasNext()) {
        return n;
      }
      Path file = new Path(dir, name);
      try (Writer w =
          new BufferedWriter(
              new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8))) {
        while (lines.hasNext()) {
          w.write(lines.next());
          w.write('\n');
          n++;
        }
      } catch (IOException e) {
        throw Errors.cannotWrite(name, dir.toString(), e, WRITABLE);
      }
      return n;
    }

    /** Writes {@code text} (UTF-8) to the file {@code name}. */
    public void text(String name, String text) {
      try (var os = fs.create(new Path(dir, name), false)) {
        os.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw Errors.cannotWrite(name, dir.toString(), e, WRITABLE);
      }
    }
  }

  private static final String WRITABLE = "check that the folder is writable";

  /**
   * Runs {@code fill} on the hidden sibling {@code .<name>.<tag>.tmp} of {@code target} (which fill
   * creates), then renames it into place: a failed write leaves the target as it was.
   */
  private static <T> T publish(
      Configuration hadoop, String target, String tag, String what, Function<Path, T> fill) {
    Path t = new Path(target);
    Path tmp = new Path(t.getParent(), "." + t.getName() + "." + tag + ".tmp");
    T result;
    try {
      result = fill.apply(tmp);
    } catch (Errors.ClienteleException e) {
      throw e;
    } catch (RuntimeException e) {
      // Nothing is deleted, not even our half-written folder: say where it is.
      throw Errors.cannotWrite(
          what,
          target,
          e,
          "whatever was written is in " + tmp + ", which is never removed for you");
    }
    try {
      FileSystem fs = t.getFileSystem(hadoop);
      if (!fs.exists(t)) {
        rename(fs, tmp, t);
        return result;
      }
      // The target appeared, or was an empty folder: checked again, then filled file by file.
      if (!fs.getFileStatus(t).isDirectory() || fs.listStatus(t).length > 0) {
        throw Errors.usage(
            "--out " + target + " was filled while " + what + " was written; it is left in " + tmp);
      }
      for (FileStatus f : fs.listStatus(tmp)) {
        rename(fs, f.getPath(), new Path(t, f.getPath().getName()));
      }
      // Not recursive: only the now empty folder this export created.
      fs.delete(tmp, false);
      return result;
    } catch (IOException e) {
      throw Errors.cannotWrite(
          what, target, e, "the files written so far are in " + tmp + "; " + WRITABLE);
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
