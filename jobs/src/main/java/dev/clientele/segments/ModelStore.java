package dev.clientele.segments;

import dev.clientele.Errors;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/** Fitted clustering pipelines under {@code <warehouse>/_models/clustering/<snapshot_date>}. */
public final class ModelStore {
  private final SparkSession spark;
  private final String root;

  public ModelStore(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.root = warehouse + "/_models/clustering";
  }

  public String path(LocalDate snapshot) {
    return root + "/" + snapshot;
  }

  public String save(PipelineModel model, LocalDate snapshot) {
    String target = path(snapshot);
    try {
      model.write().overwrite().save(target);
    } catch (IOException e) {
      throw Errors.cannotWrite("the clustering model", target, e);
    }
    return target;
  }

  /** The model of the latest snapshot on or before {@code asOf}; fails clearly when none. */
  public PipelineModel loadLatest(LocalDate asOf) {
    LocalDate date =
        latest(asOf)
            .orElseThrow(
                () ->
                    Errors.config(
                        "clientele.clustering.mode = reuse, but no model was saved under "
                            + root
                            + " on or before "
                            + asOf
                            + "; run once with mode = fit"));
    return PipelineModel.load(path(date));
  }

  public Optional<LocalDate> latest(LocalDate asOf) {
    try {
      Path dir = new Path(root);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      LocalDate best = null;
      for (FileStatus st : fs.listStatus(dir)) {
        LocalDate d = parse(st.getPath().getName());
        if (st.isDirectory()
            && d != null
            && !d.isAfter(asOf)
            && (best == null || d.isAfter(best))) {
          best = d;
        }
      }
      return Optional.ofNullable(best);
    } catch (IOException e) {
      throw Errors.cannotRead("the saved clustering models", root, e);
    }
  }

  private static LocalDate parse(String name) {
    try {
      return LocalDate.parse(name);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
