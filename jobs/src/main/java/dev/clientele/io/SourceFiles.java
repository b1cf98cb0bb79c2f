package dev.clientele.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The files behind a file-source read, from the file listing Spark already made (no data is read):
 * path as {@code _metadata.file_path} spells it (the URI string), size and modification time.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** One file: the same three values as {@code _metadata} (file_path, file_size, mtime ms). */
  public record Status(String path, long size, long modifiedMillis) {}

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
        throw new UncheckedIOException("cannot read the status of a source file", e);
      }
    }
    return out;
  }
}
