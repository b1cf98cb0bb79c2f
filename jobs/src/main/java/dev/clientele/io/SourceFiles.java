package dev.clientele.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The files of a file source, from a file system listing (no data is read): path as {@code
 * _metadata.file_path} spells it (the URI string), size and modification time. {@link #list} lists
 * a configured path the way Spark's file index does, so that ingest can open only the new files.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** One file: the same three values as {@code _metadata} (file_path, file_size, mtime ms). */
  public record Status(String path, long size, long modifiedMillis) {}

  /**
   * A listed data file: its identity, the path to give the reader (Hadoop's spelling, not
   * URI-encoded) and the folder its partition columns start from ({@code basePath}; null when the
   * file lies directly in the listed folder or was named itself, so it has none).
   */
  public record Listed(Status status, String readPath, String basePath) {}

  /**
   * The data files of a file, folder or glob, sorted by path, as Spark's file index finds them:
   * folders are listed recursively (partition folders {@code day=2024-12-30/} included), and names
   * Spark treats as hidden are skipped (starting with {@code _} or {@code .}, except {@code k=v}
   * folders; ending with {@code ._COPYING_}).
   */
  public static List<Listed> list(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] roots = fs.globStatus(p);
      List<Listed> out = new ArrayList<>();
      if (roots != null) {
        for (FileStatus root : roots) {
          if (root.isDirectory()) {
            collect(fs, root.getPath(), root.getPath(), out);
          } else if (!hidden(root.getPath().getName())) {
            out.add(listed(root, null));
          }
        }
      }
      out.sort(java.util.Comparator.comparing(l -> l.status().path()));
      return out;
    } catch (IOException e) {
      // A permission or connection problem: one line naming the path, not a stack trace.
      throw dev.clientele.Errors.input(
          "cannot list the source path " + path + ": " + e.getMessage());
    }
  }

  private static void collect(FileSystem fs, Path root, Path dir, List<Listed> out)
      throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      if (hidden(st.getPath().getName())) {
        continue;
      }
      if (st.isDirectory()) {
        collect(fs, root, st.getPath(), out);
      } else {
        // Partition columns come from the folders between the listed one and the file.
        boolean nested = !st.getPath().getParent().equals(root);
        out.add(listed(st, nested ? root.toString() : null));
      }
    }
  }

  private static Listed listed(FileStatus st, String basePath) {
    try {
      String uri = st.getPath().toUri().toString();
      return new Listed(
          new Status(asMetadataPath(uri), st.getLen(), st.getModificationTime()),
          escapeGlob(st.getPath().toString()),
          basePath);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the file system listed a path that is not a URI", e);
    }
  }

  /**
   * A reader globs a path holding {@code { } [ ] * ? \\}: a file named {@code a[1].csv} would not
   * match itself. Escaped, the glob finds exactly the file.
   */
  static String escapeGlob(String path) {
    StringBuilder b = new StringBuilder(path.length());
    for (char c : path.toCharArray()) {
      if ("{}[]*?\\".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Spark's rule for names its file index skips (HadoopFSUtils.shouldFilterOutPathName). */
  static boolean hidden(String name) {
    boolean exclude =
        (name.startsWith("_") && !name.contains("="))
            || name.startsWith(".")
            || name.endsWith("._COPYING_");
    // Parquet summary files pass Spark's name filter but hold no rows; they are never data.
    return exclude || name.startsWith("_metadata") || name.startsWith("_common_metadata");
  }

  /**
   * The listing spells a path without authority {@code file:///a}; {@code _metadata.file_path}
   * spells it {@code file:/a}. Paths with an authority (s3a://bucket/a) are the same in both.
   */
  static String asMetadataPath(String uri) throws URISyntaxException {
    URI u = new URI(uri);
    if (u.getScheme() != null
        && u.getRawAuthority() == null
        && uri.startsWith(u.getScheme() + "://")) {
      return u.getScheme() + ":" + u.getRawPath();
    }
    return uri;
  }

  /** Every file of the read, in listing order; one status call per file. */
  public static List<Status> of(Dataset<Row> read) {
    Configuration conf = read.sparkSession().sessionState().newHadoopConf();
    List<Status> out = new ArrayList<>();
    for (String uri : read.inputFiles()) {
      try {
        Path p = new Path(new URI(uri));
        FileStatus st = p.getFileSystem(conf).getFileStatus(p);
        out.add(new Status(asMetadataPath(uri), st.getLen(), st.getModificationTime()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException("Spark listed a file whose path is not a URI", e);
      } catch (IOException e) {
        throw dev.clientele.Errors.input(
            "cannot read the status of the source file " + uri + ": " + e.getMessage());
      }
    }
    return out;
  }
}
